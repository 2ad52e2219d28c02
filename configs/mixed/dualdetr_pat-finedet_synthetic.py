# DualDETR's deformable encoder and dual-branch decoder on top of PAT's Fine-Det features
# (relative-position transformer blocks), on the synthetic dataset: FineDet -> DeformableEncoder
# (as the neck) -> DualBranchDecoder -> DualDETRHead.
_base_ = [
    '../_base_/models/dualdetr.py',
    '../_base_/datasets/synthetic.py',
    '../_base_/schedules/adamw_30e_step27.py',
    '../_base_/default_runtime.py',
]

model = dict(
    # _delete_: FineDet takes other arguments than the base DeformableEncoder.
    backbone=dict(
        _delete_=True,
        type='FineDet',
        in_channels={{_base_.feat_dim}},
        embed_dims=128,
        num_blocks=1,
        num_heads=4,
        max_relative_distance=127,
    ),
    neck=dict(
        type='DeformableEncoder', in_channels=128, embed_dims=128, num_layers=1, ffn_dims=512
    ),
    decoder=dict(embed_dims=128, num_layers=3, num_queries=30),
    head=dict(num_classes={{_base_.num_classes}}),
)
optim_wrapper = dict(optimizer=dict(lr=5e-4))
param_scheduler = [dict(type='MultiStepLR', milestones=[36], gamma=0.1, by_epoch=True)]
train_cfg = dict(max_epochs=40, val_interval=10)
val_evaluator = [
    dict(type='DetectionMAP'),
    dict(type='SegmentationMAP', mode='gaussian'),
    dict(type='FrameMAP'),
]
test_evaluator = val_evaluator
default_hooks = dict(checkpoint=dict(save_best='det/mAP', rule='greater'))
