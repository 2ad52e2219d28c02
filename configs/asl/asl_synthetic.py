# ASL scaled down for the synthetic dataset so that it trains in minutes on a CPU: 128-d features,
# one full-resolution block, global attention (videos are ~90 tokens), 20 epochs.
_base_ = [
    '../_base_/models/asl.py',
    '../_base_/datasets/synthetic.py',
    '../_base_/schedules/adamw_warmup5_cosine30.py',
    '../_base_/default_runtime.py',
]

model = dict(
    backbone=dict(
        in_channels={{_base_.feat_dim}}, embed_dims=128, num_stem_blocks=1, window_size=None
    ),
    neck=dict(in_channels=128, out_channels=128),
    head=dict(num_classes={{_base_.num_classes}}, in_channels=128, feat_channels=128),
)
optim_wrapper = dict(optimizer=dict(lr=1e-3))
param_scheduler = [dict(_base_.warmup, end=2), dict(_base_.cosine, T_max=18, begin=2, end=20)]
train_cfg = dict(max_epochs=20, val_interval=5)
val_evaluator = [dict(type='DetectionMAP'), dict(type='SegmentationMAP'), dict(type='FrameMAP')]
test_evaluator = val_evaluator
default_hooks = dict(checkpoint=dict(save_best='det/mAP', rule='greater'))
