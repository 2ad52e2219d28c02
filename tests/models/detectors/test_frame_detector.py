import pytest
import torch

from dad_plugins.registry import MODELS
from dad_plugins.testing import demo_data_samples, ragged_masks, random_features


def build(kernel_size=3, test_cfg=None):
    torch.manual_seed(0)
    return MODELS.build(
        dict(
            type='FrameDetector',
            backbone=dict(type='ConvEncoder', in_channels=4, embed_dims=8, kernel_size=kernel_size),
            head=dict(type='FrameClsHead', in_channels=8, num_classes=3),
            test_cfg=test_cfg,
        )
    )


def batch(lengths, dim=4):
    return random_features(lengths, dim), ragged_masks(lengths)


def test_loss_predict_and_tensor_modes():
    model = build()
    inputs, masks = batch([7, 4])
    losses = model(inputs, demo_data_samples([7, 4], 3), mode='loss', masks=masks)
    assert set(losses) == {'loss_cls'} and losses['loss_cls'].requires_grad
    logits = model(inputs, mode='tensor', masks=masks)
    assert logits.shape == (2, 3, 7)
    predictions = model(inputs, demo_data_samples([7, 4], 3), mode='predict', masks=masks)
    assert [p.pred_frame_scores.shape for p in predictions] == [(7, 3), (4, 3)]
    instances = predictions[0].pred_instances
    assert set(instances.keys()) >= {'segments', 'labels', 'scores'}
    with pytest.raises(RuntimeError, match='Invalid mode'):
        model(inputs, mode='train')


def test_padding_does_not_change_predictions_of_a_video():
    model = build().eval()
    inputs, masks = batch([7, 4])
    alone = model(inputs[1:, :, :4], demo_data_samples([4], 3), mode='predict')[0].pred_frame_scores
    padded = model(inputs, demo_data_samples([7, 4], 3), mode='predict', masks=masks)[1]
    torch.testing.assert_close(padded.pred_frame_scores, alone)


def test_sliding_windows_match_full_video_for_a_per_token_model():
    # With kernel size 1 every token is scored on its own, so stitched windows equal one pass.
    full = build(kernel_size=1).eval()
    windowed = build(kernel_size=1, test_cfg=dict(window_size=4, window_stride=3)).eval()
    inputs, masks = batch([11, 6])
    expected = full.predict_videos(inputs, masks, {})
    merged = windowed.predict_videos(inputs, masks, {})
    for video, reference in zip(merged, expected):
        torch.testing.assert_close(video.frame_scores, reference.frame_scores)


def test_class_projection_is_the_heads_classifier():
    model = build()
    assert model.class_projection is model.head.classifier


def test_windows_that_leave_tokens_unscored_are_refused_when_built():
    with pytest.raises(ValueError, match='window_stride 5 > window_size 4'):
        build(test_cfg=dict(window_size=4, window_stride=5))
