# MLAD layers on PAT's Fine-Det features (Charades, I3D RGB): FineDet backbone (PAT Eq. (9),
# 512 channels, 3 RPT blocks, 8 heads) -> MLADEncoder as the neck (class-level features of the
# Fine-Det tokens, 5 MLAD layers) -> per-class classifiers. No code beyond the registered parts.
# MLAD's training setting of configs/mlad/mlad_charades.py (T = 64, batch 32, Adam 1e-4): the
# class-level features cost C x H = 157 x 128 channels per token, which rules out PAT's
# 256-token windows at batch 32.
_base_ = '../mlad/mlad_charades.py'

model = dict(
    # _delete_: the backbone is Fine-Det, none of the base's MLADEncoder arguments apply to it.
    backbone=dict(_delete_=True, type='FineDet', in_channels={{_base_.feat_dim}}, embed_dims=512),
    neck=dict(type='MLADEncoder', in_channels=512, num_classes={{_base_.num_classes}}),
)
