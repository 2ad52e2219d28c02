import pytest
import torch
from mmengine.registry import OPTIM_WRAPPER_CONSTRUCTORS

from dad_plugins.models.layers import ClassWiseLinear
from dad_plugins.models.paradigms.assistant_paradigm import fresh_classifier
from dad_plugins.registry import MODELS
from dad_plugins.testing import TINY_RPT, build_module, demo_data_samples, demo_inputs, tiny_pat_cfg

NUM_CLASSES = 3
RPT = dict(TINY_RPT, max_relative_distance=7)


def build_paradigm(**kwargs):
    cfg = tiny_pat_cfg(NUM_CLASSES, in_channels=4, num_branches=2, max_relative_distance=7)
    return build_module(cfg, **kwargs)


def data_batch(lengths=(9, 6)):
    return dict(
        **demo_inputs(lengths, 4),
        data_samples=demo_data_samples(lengths, NUM_CLASSES, feature_rate=1.0),
    )


def optim_wrappers(model, optimizer='Adam'):
    optimizer = dict(type=optimizer, lr=1e-2)
    constructor = OPTIM_WRAPPER_CONSTRUCTORS.build(
        dict(
            type='dad_plugins.MultiOptimWrapperConstructor',
            optim_wrapper_cfg=dict(
                assistant=dict(type='OptimWrapper', optimizer=optimizer),
                detector=dict(type='OptimWrapper', optimizer=optimizer),
            ),
        )
    )
    return constructor(model)


def test_train_step_trains_assistant_copies_and_freezes_vid_clas():
    model = build_paradigm()
    wrappers = optim_wrappers(model)
    projection = model.detector.class_projection
    assert not any(p.requires_grad for p in projection.parameters())
    classifier_before = model.assistant.classifier.weight.clone()
    backbone_before = [p.clone() for p in model.detector.backbone.parameters()]

    log_vars = model.train_step(data_batch(), wrappers)

    assert {'loss_assistant', 'loss_cls', 'loss'} <= set(log_vars)
    assert not torch.equal(model.assistant.classifier.weight, classifier_before)  # trained
    # Vid-CLAS holds exactly ML-CLAS's weights after the step and received no gradient.
    torch.testing.assert_close(projection.weight, model.assistant.classifier.weight)
    torch.testing.assert_close(projection.bias, model.assistant.classifier.bias)
    assert projection.weight.grad is None
    # The core step updated the rest of the detector.
    after = list(model.detector.backbone.parameters())
    assert any(not torch.equal(p, q) for p, q in zip(after, backbone_before))


def test_the_core_loss_sees_the_copied_classifier():
    model = build_paradigm()
    wrappers = optim_wrappers(model)
    seen = []
    original = model.detector.loss

    def spy(*args, **kwargs):
        seen.append(model.detector.class_projection.weight.detach().clone())
        return original(*args, **kwargs)

    model.detector.loss = spy
    model.train_step(data_batch(), wrappers)
    # The assistant step ran first: the core loss used ML-CLAS's updated weights.
    torch.testing.assert_close(seen[0], model.assistant.classifier.weight.detach())


def test_inference_runs_the_detector_only():
    model = build_paradigm().eval()
    batch = data_batch()
    with torch.no_grad():
        outputs = model.val_step(batch)
    assert [o.pred_frame_scores.shape for o in outputs] == [(9, NUM_CLASSES), (6, NUM_CLASSES)]


def test_without_assistant_the_detector_trains_its_classifier():
    model = build_paradigm(use_assistant=False)
    wrappers = optim_wrappers(model)
    projection = model.detector.class_projection
    before = projection.weight.clone()
    assistant_before = model.assistant.classifier.weight.clone()
    log_vars = model.train_step(data_batch(), wrappers)
    assert 'loss_assistant' not in log_vars
    assert not torch.equal(projection.weight, before)
    assert torch.equal(model.assistant.classifier.weight, assistant_before)


def test_label_encoder_width_must_match_the_class_projection():
    with pytest.raises(ValueError, match='label encoder returns 8 channels .* reads 4'):
        MODELS.build(
            dict(
                type='AssistantParadigm',
                detector=dict(
                    type='FrameDetector',
                    backbone=dict(type='ConvEncoder', in_channels=4, num_layers=0),
                    head=dict(type='FrameClsHead', in_channels=4, num_classes=NUM_CLASSES),
                ),
                label_encoder=dict(type='FineDet', in_channels=NUM_CLASSES, **RPT),
            )
        )


def test_a_detector_with_nothing_to_train_besides_vid_clas_is_rejected():
    detector = dict(
        type='FrameDetector',
        backbone=dict(type='ConvEncoder', in_channels=8, num_layers=0),  # pass-through
        head=dict(type='FrameClsHead', in_channels=8, num_classes=NUM_CLASSES),
    )
    encoder = dict(type='FineDet', in_channels=NUM_CLASSES, **RPT)
    with pytest.raises(ValueError, match='no other parameter to train'):
        MODELS.build(dict(type='AssistantParadigm', detector=detector, label_encoder=encoder))
    # Without the assistant the classifier itself trains.
    MODELS.build(
        dict(
            type='AssistantParadigm',
            detector=detector,
            label_encoder=encoder,
            use_assistant=False,
        )
    )


def test_an_mlad_detector_trains_with_the_assistant():
    torch.manual_seed(0)
    model = MODELS.build(
        dict(
            type='AssistantParadigm',
            detector=dict(
                type='FrameDetector',
                backbone=dict(
                    type='MLADEncoder', in_channels=4, num_classes=NUM_CLASSES, embed_dims=8
                ),
                head=dict(type='ClassWiseHead', num_classes=NUM_CLASSES, in_channels=8),
            ),
            label_encoder=dict(type='FineDet', in_channels=NUM_CLASSES, **RPT),
            loss_assistant=dict(type='MaskedBCELoss'),
        )
    )
    projection = model.detector.class_projection
    assert type(model.assistant.classifier) is type(projection)  # ML-CLAS: per-class maps
    assert not any(p.requires_grad for p in projection.parameters())
    initial_before = model.detector.head.initial_classifier.weight.clone()
    log_vars = model.train_step(data_batch(), optim_wrappers(model))
    assert {'loss_assistant', 'loss_cls', 'loss_initial'} <= set(log_vars)
    # Vid-CLAS holds ML-CLAS's weights; the initial features' classifiers train in the core step.
    torch.testing.assert_close(projection.weight, model.assistant.classifier.weight)
    torch.testing.assert_close(projection.bias, model.assistant.classifier.bias)
    assert not torch.equal(model.detector.head.initial_classifier.weight, initial_before)
    with torch.no_grad():
        outputs = model.eval().val_step(data_batch())
    assert [o.pred_frame_scores.shape for o in outputs] == [(9, NUM_CLASSES), (6, NUM_CLASSES)]


def test_other_class_projections_are_rejected():
    assert isinstance(fresh_classifier(torch.nn.Conv1d(8, 3, 1)), torch.nn.Conv1d)
    with pytest.raises(TypeError, match='1 x 1 nn.Conv1d or a ClassWiseLinear'):
        fresh_classifier(torch.nn.Conv1d(8, 3, 3))
    with pytest.raises(TypeError, match='1 x 1 nn.Conv1d or a ClassWiseLinear'):
        fresh_classifier(ClassWiseLinear(3, 8, 2))


def padded_to(batch, length):
    """The batch zero-padded to ``length`` tokens, as the collate's ``min_length`` pads it."""
    extra = length - batch['inputs'].shape[-1]
    return dict(
        batch,
        inputs=torch.nn.functional.pad(batch['inputs'], (0, extra)),
        masks=torch.nn.functional.pad(batch['masks'], (0, extra)),
    )


def test_padding_to_the_longest_video_trains_as_padding_to_the_window():
    # Length-grouped batches pad only to their longest video: the losses and the updated weights
    # are those of the batch padded to a full window. (SGD: Adam would blow up the rounding noise
    # of gradients that are zero in exact arithmetic, e.g. of the key biases.)
    batch = data_batch(lengths=(9, 6, 3))
    results = []
    for length in (9, 16):
        model = build_paradigm()
        log_vars = model.train_step(padded_to(batch, length), optim_wrappers(model, 'SGD'))
        results.append((log_vars, model.state_dict()))
    (log_short, weights_short), (log_window, weights_window) = results
    for key in ('loss_assistant', 'loss_cls', 'loss'):
        torch.testing.assert_close(log_short[key], log_window[key])
    torch.testing.assert_close(weights_short, weights_window, rtol=1e-5, atol=1e-6)
