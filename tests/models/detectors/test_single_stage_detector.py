import torch

from dad_plugins.models.detectors import AnchorFreeDetector, FrameDetector, SingleStageDetector
from dad_plugins.registry import MODELS
from dad_plugins.testing import ragged_masks, random_features


def test_frame_and_anchor_free_detectors_are_single_stage():
    assert issubclass(FrameDetector, SingleStageDetector)
    assert issubclass(AnchorFreeDetector, SingleStageDetector)


def test_extract_feat_runs_backbone_then_neck_and_tensor_mode_the_head():
    torch.manual_seed(0)
    model = MODELS.build(
        dict(
            type='FrameDetector',
            backbone=dict(type='ConvEncoder', in_channels=4, embed_dims=8),
            neck=dict(type='ConvEncoder', in_channels=8, embed_dims=6),
            head=dict(type='FrameClsHead', in_channels=6, num_classes=3),
        )
    )
    inputs, masks = random_features([7, 4], 4), ragged_masks([7, 4])
    feats, feat_masks = model.extract_feat(inputs, masks, {})
    expected, _ = model.neck(*model.backbone(inputs, masks))
    torch.testing.assert_close(feats, expected)
    assert torch.equal(feat_masks, masks)
    torch.testing.assert_close(model(inputs, mode='tensor', masks=masks), model.head(feats, masks))
