# MLAD layers on PAT's Fine-Det features, scaled down for the synthetic dataset like
# pat_synthetic.py (Fine-Det: 128 channels, 1 RPT block, 4 heads) and mlad_synthetic.py (H = 32,
# no dropout, T = 64 windows, the baseline's optimiser and schedule): configs/mlad/mlad_synthetic.py
# with Fine-Det as the backbone and its MLADEncoder moved to the neck.
_base_ = '../mlad/mlad_synthetic.py'

# Fine-Det as configs/pat/pat_synthetic.py scales it down.
rpt = dict(embed_dims=128, num_blocks=1, num_heads=4, max_relative_distance=127)
model = dict(
    # _delete_: the backbone is Fine-Det, none of the base's MLADEncoder arguments apply to it.
    backbone=dict(_delete_=True, type='FineDet', in_channels={{_base_.feat_dim}}, **rpt),
    neck=dict(
        type='MLADEncoder',
        in_channels=128,
        num_classes={{_base_.num_classes}},
        embed_dims={{_base_.embed_dims}},
        dropout=0.0,
    ),
)
