# MLAD (Tirupattur et al., CVPR 2021): class-level features (Eq. 1), L = 5 MLAD layers with a
# co-occurrence and a temporal branch (Sec. 3.1), per-class classifiers (Eq. 7) with the loss also
# on the initial class-level features (Sec. 5.1). H = 128 (Sec. 5.1).
model = dict(
    type='FrameDetector',
    backbone=dict(
        type='MLADEncoder',
        in_channels=1024,
        num_classes=157,
        embed_dims=128,
        num_layers=5,  # Table 3
        num_heads=1,  # Eq. (2), (4)
        dropout=0.2,  # released code
        cooccurrence=True,  # Table 5
        temporal=True,  # Table 5
        learn_alpha=True,  # Table S2
        full_attention=False,  # Table S4: one (C T) x (C T) attention instead of CB and TB
        pos_encoding='none',  # released code: 'sinusoidal'
        input_dropout=0.0,  # released code: 0.2
    ),
    head=dict(
        type='ClassWiseHead',
        num_classes=157,
        in_channels=128,
        initial_loss_weight=1.0,  # Table S3
        loss_cls=dict(type='MaskedBCELoss'),
    ),
    test_cfg=dict(post_processor=dict(type='FramesToSegments', threshold=0.5)),
)
