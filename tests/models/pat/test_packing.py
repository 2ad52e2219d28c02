"""Several videos packed in one row give PAT the outputs and gradients of one video per row."""

import pytest
import torch

from dad_plugins.datasets import dense_collate
from dad_plugins.testing import (
    build_module,
    demo_data_samples,
    tiny_pat_cfg,
    tiny_pat_detector_cfg,
)

NUM_CLASSES = 3
FEAT_DIM = 4
LENGTHS = (9, 6, 13, 3, 1, 17)
TOLERANCE = dict(rtol=1e-5, atol=1e-5)


def batches(align, row_length=32):
    """The same videos collated one per row and packed (fresh data samples for each)."""

    def items():
        generator = torch.Generator().manual_seed(0)
        samples = demo_data_samples(LENGTHS, NUM_CLASSES, generator=generator)
        return [
            dict(inputs=torch.randn(FEAT_DIM, n, generator=generator), streams={}, data_samples=s)
            for n, s in zip(LENGTHS, samples)
        ]

    padded = dense_collate(items())
    packed = dense_collate(items(), pack_length=row_length, pack_align=align)
    assert packed['inputs'].shape[0] < len(LENGTHS)  # several videos share rows
    return padded, packed


def gradients(model):
    return {name: p.grad.clone() for name, p in model.named_parameters() if p.grad is not None}


def assert_same_gradients(expected, actual):
    assert expected.keys() == actual.keys() and expected
    for name in expected:
        torch.testing.assert_close(actual[name], expected[name], **TOLERANCE, msg=name)


@pytest.mark.parametrize(
    'pos_encoding, num_branches, hierarchical',
    [('relative', 3, False), ('absolute', 2, False), ('relative', 2, True)],
)
def test_detector_losses_gradients_and_predictions_equal_unpacked(
    pos_encoding, num_branches, hierarchical
):
    padded, packed = batches(align=2**num_branches)
    rpt = dict(pos_encoding=pos_encoding)
    cfg = tiny_pat_detector_cfg(FEAT_DIM, NUM_CLASSES, num_branches, hierarchical, **rpt)
    model = build_module(cfg)
    results = []
    for batch in (padded, packed):
        model.zero_grad()
        loss = model(**batch, mode='loss')['loss_cls']
        loss.backward()
        with torch.no_grad():
            predictions = model(**batch, mode='predict')
        scores = [sample.pred_frame_scores for sample in predictions]
        results.append((loss.detach(), gradients(model), scores))
    (loss, grads, scores), (packed_loss, packed_grads, packed_scores) = results
    torch.testing.assert_close(packed_loss, loss, **TOLERANCE)
    assert_same_gradients(grads, packed_grads)
    for length, expected, actual in zip(LENGTHS, scores, packed_scores):
        assert actual.shape == (length, NUM_CLASSES)
        torch.testing.assert_close(actual, expected, **TOLERANCE)


def test_paradigm_assistant_and_core_gradients_equal_unpacked():
    padded, packed = batches(align=8)
    model = build_module(tiny_pat_cfg(NUM_CLASSES, in_channels=FEAT_DIM))
    results = []
    for batch in (padded, packed):
        model.zero_grad()
        assistant = model.assistant_loss(
            batch['masks'], batch['data_samples'], batch.get('sequence_ids')
        )['loss_assistant']
        core = model(**batch, mode='loss')['loss_cls']
        (assistant + core).backward()
        results.append((assistant.detach(), core.detach(), gradients(model)))
    (assistant, core, grads), (packed_assistant, packed_core, packed_grads) = results
    torch.testing.assert_close(packed_assistant, assistant, **TOLERANCE)
    torch.testing.assert_close(packed_core, core, **TOLERANCE)
    assert any(name.startswith('assistant.') for name in grads)
    assert_same_gradients(grads, packed_grads)


def test_paradigm_train_step_updates_equal_unpacked():
    from mmengine.registry import OPTIM_WRAPPER_CONSTRUCTORS

    padded, packed = batches(align=8)
    weights = []
    for batch in (padded, packed):
        model = build_module(tiny_pat_cfg(NUM_CLASSES, in_channels=FEAT_DIM))
        optimizer = dict(type='OptimWrapper', optimizer=dict(type='SGD', lr=0.1))
        wrappers = OPTIM_WRAPPER_CONSTRUCTORS.build(
            dict(
                type='dad_plugins.MultiOptimWrapperConstructor',
                optim_wrapper_cfg=dict(assistant=optimizer, detector=optimizer),
            )
        )(model)
        model.train_step(batch, wrappers)
        weights.append(model.state_dict())
    for name, value in weights[0].items():
        torch.testing.assert_close(weights[1][name], value, **TOLERANCE, msg=name)


def test_misaligned_packing_is_refused():
    _, packed = batches(align=4)  # CoarseDet with 3 branches needs 8
    model = build_module(tiny_pat_detector_cfg(FEAT_DIM, NUM_CLASSES))
    with pytest.raises(ValueError, match=r'CoarseDet needs packed videos .*pack_align=8\)'):
        model(**packed, mode='loss')


def test_detectors_without_boundaries_refuse_packed_batches():
    _, packed = batches(align=1)
    cfg = tiny_pat_detector_cfg(FEAT_DIM, NUM_CLASSES)
    cfg['backbone'] = dict(
        type='MLADEncoder', in_channels=FEAT_DIM, num_classes=NUM_CLASSES, embed_dims=8
    )
    cfg.pop('neck')
    with pytest.raises(ValueError, match='MLADEncoder takes no packed batches'):
        build_module(cfg)(**packed, mode='loss')
