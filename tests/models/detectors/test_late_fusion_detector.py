import pytest
import torch

from dad_plugins.registry import MODELS
from dad_plugins.testing import demo_data_samples, demo_inputs

LENGTHS = [9, 5]
FEAT_DIMS = dict(feats=6, flow=4)


def mlad(in_channels):
    return dict(
        type='FrameDetector',
        backbone=dict(
            type='MLADEncoder',
            in_channels=in_channels,
            num_classes=3,
            embed_dims=8,
            num_layers=1,
            dropout=0.0,  # the same losses in two passes
        ),
        head=dict(type='ClassWiseHead', num_classes=3, in_channels=8),
    )


def build(test_cfg=None):
    torch.manual_seed(0)
    return MODELS.build(
        dict(
            type='LateFusionDetector',
            detectors=dict(feats=mlad(FEAT_DIMS['feats']), flow=mlad(FEAT_DIMS['flow'])),
            test_cfg=test_cfg,
        )
    )


def test_predictions_are_the_mean_of_each_detector_on_its_own_stream():
    model = build(test_cfg=dict(window_size=4, window_stride=2)).eval()
    batch = demo_inputs(LENGTHS, FEAT_DIMS)
    fused = model(**batch, data_samples=demo_data_samples(LENGTHS, 3), mode='predict')
    rgb, flow = model.detectors['feats'], model.detectors['flow']
    for detector in (rgb, flow):
        detector.window_size, detector.window_stride = 4, 2
    alone = [
        rgb.predict_videos(batch['inputs'], batch['masks'], {}),
        flow.predict_videos(batch['streams']['flow'], batch['masks'], {}),
    ]
    for index, prediction in enumerate(fused):
        expected = (alone[0][index].frame_scores + alone[1][index].frame_scores) / 2
        torch.testing.assert_close(prediction.pred_frame_scores, expected)
        assert len(prediction.pred_instances.segments) == len(prediction.pred_instances.scores)


def test_each_detector_trains_on_its_own_loss_alone():
    model = build()
    batch = demo_inputs(LENGTHS, FEAT_DIMS)
    data_samples = demo_data_samples(LENGTHS, 3)
    losses = model(**batch, data_samples=data_samples, mode='loss')
    assert set(losses) == {
        'feats_loss_cls',
        'feats_loss_initial',
        'flow_loss_cls',
        'flow_loss_initial',
    }
    sum(losses.values()).backward()
    fused_grads = {name: p.grad.clone() for name, p in model.named_parameters()}
    model.zero_grad()
    flow_losses = model.detectors['flow'].loss(
        batch['streams']['flow'], batch['masks'], data_samples, {}
    )
    sum(flow_losses.values()).backward()
    for name, parameter in model.detectors['flow'].named_parameters():
        torch.testing.assert_close(fused_grads[f'detectors.flow.{name}'], parameter.grad)
    outputs = model(**batch, mode='tensor')
    assert set(outputs) == {'feats', 'flow'}


def test_missing_stream_and_single_detector_fail_clearly():
    model = build()
    batch = demo_inputs(LENGTHS, dict(feats=FEAT_DIMS['feats']))
    with pytest.raises(KeyError, match="no stream \\['flow'\\]"):
        model(**batch, mode='tensor')
    with pytest.raises(ValueError, match='at least two'):
        MODELS.build(dict(type='LateFusionDetector', detectors=dict(feats=mlad(6))))
