# DualDETR's deformable encoder and dual-branch decoder on top of PAT's Fine-Det features
# (relative-position transformer blocks), on the synthetic dataset: FineDet -> DeformableEncoder
# (as the neck) -> DualBranchDecoder -> DualDETRHead. Otherwise
# configs/dualdetr/dualdetr_synthetic.py.
_base_ = '../dualdetr/dualdetr_synthetic.py'

# Fine-Det as configs/pat/pat_synthetic.py scales it down.
rpt = dict(embed_dims=128, num_blocks=1, num_heads=4, max_relative_distance=127)
model = dict(
    # _delete_: FineDet takes other arguments than the base DeformableEncoder.
    backbone=dict(_delete_=True, type='FineDet', in_channels={{_base_.feat_dim}}, **rpt),
    neck=dict(
        type='DeformableEncoder', in_channels=128, embed_dims=128, num_layers=1, ffn_dims=512
    ),
)
