import numpy as np
import pytest
import torch

from dad_plugins.registry import MODELS
from dad_plugins.structures import segments_to_frames
from dad_plugins.testing import demo_data_sample, ragged_masks


def build():
    torch.manual_seed(0)
    return MODELS.build(
        dict(
            type='AnchorFreeDetector',
            backbone=dict(
                type='ASLEncoder', in_channels=6, embed_dims=8, num_levels=3, num_heads=2
            ),
            neck=dict(type='TemporalFPN', in_channels=8, out_channels=8, num_levels=3),
            head=dict(
                type='ASLHead',
                num_classes=3,
                in_channels=8,
                feat_channels=8,
                strides=(1, 2, 4),
                regress_ranges=((0, 4), (4, 8), (8, 1000)),
                sensitivity_evaluator=dict(),
                loss_ascl=dict(type='ASCLLoss'),
            ),
        )
    )


def inputs():
    x = torch.randn(2, 6, 20)
    masks = ragged_masks([20, 13])
    samples = [
        demo_data_sample(20, 3, [[2.0, 9.0], [5.0, 18.0]], [0, 1]),
        demo_data_sample(13, 3, [[1.0, 4.0]], [2]),
    ]
    return x, masks, samples


def test_loss_tensor_and_invalid_modes():
    detector = build()
    x, masks, samples = inputs()
    losses = detector(x, samples, mode='loss', masks=masks)
    assert set(losses) == {'loss_cls', 'loss_loc', 'loss_sensitivity', 'loss_ascl'}
    assert all(torch.isfinite(v) for v in losses.values())
    logits, offsets = detector(x, mode='tensor', masks=masks)
    assert [t.shape[-1] for t in logits] == [20, 10, 5] and offsets[0].shape == (2, 2, 20)
    with pytest.raises(RuntimeError, match='Invalid mode'):
        detector(x, samples, mode='bogus', masks=masks)


def test_predict_fills_both_prediction_fields():
    detector = build().eval()
    x, masks, samples = inputs()
    with torch.no_grad():
        out = detector(x, samples, mode='predict', masks=masks)
    for data_sample, length in zip(out, (20, 13)):
        instances = data_sample.pred_instances
        assert instances.segments.shape[1] == 2 and len(instances) <= 200
        assert (instances.segments >= 0).all()
        assert (instances.segments <= data_sample.metainfo['duration']).all()
        assert instances.labels.dtype == torch.long
        frame_scores = data_sample.pred_frame_scores
        assert frame_scores.shape == (length, 3)
        detections = np.concatenate(
            [
                instances.segments.numpy(),
                instances.labels[:, None].numpy(),
                instances.scores[:, None].numpy(),
            ],
            axis=1,
        )
        expected = segments_to_frames(detections, length, 3, data_sample.metainfo['feature_rate'])
        np.testing.assert_allclose(frame_scores.numpy(), expected, rtol=1e-6)
