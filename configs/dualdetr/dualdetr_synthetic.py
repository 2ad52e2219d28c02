# DualDETR scaled down for the synthetic dataset so that it trains in minutes on a CPU: 128-d
# model, 30 queries (videos have up to 20 actions), 3 decoder layers, 40 epochs.
_base_ = [
    '../_base_/models/dualdetr.py',
    '../_base_/datasets/synthetic.py',
    '../_base_/schedules/adamw_30e_step27.py',
    '../_base_/default_runtime.py',
]

model = dict(
    backbone=dict(in_channels={{_base_.feat_dim}}, embed_dims=128, ffn_dims=512),
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
