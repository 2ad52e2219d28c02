# Per-token baseline: two 1x1 conv layers (no temporal context) and a linear classifier with BCE.
model = dict(
    type='FrameDetector',
    backbone=dict(
        type='ConvEncoder', in_channels=1024, embed_dims=256, num_layers=2, kernel_size=1
    ),
    head=dict(
        type='FrameClsHead', in_channels=256, num_classes=157, loss_cls=dict(type='MaskedBCELoss')
    ),
    test_cfg=dict(post_processor=dict(type='FramesToSegments', threshold=0.5)),
)
