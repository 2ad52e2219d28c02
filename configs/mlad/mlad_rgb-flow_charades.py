# MLAD on Charades with two-stream I3D features, RGB and flow concatenated (D = 2048, "Early
# Fusion" of Table S1: the setting of Tables 1 and 3). Otherwise as mlad_charades.py.
_base_ = [
    '../_base_/models/mlad.py',
    '../_base_/datasets/charades.py',
    '../_base_/schedules/mlad_adam_50e.py',
    '../_base_/default_runtime.py',
]

feat_dim = 2048
window_size = 64
train_pipeline = [
    dict(type='LoadClipFeatures', feat_dims=dict(feats=feat_dim)),
    dict(type='GenerateFrameLabels', rule='mstct'),
    dict(type='RandomTemporalWindow', window_size=window_size),
    dict(type='PackDenseInputs'),
]
test_pipeline = [
    dict(type='LoadClipFeatures', feat_dims=dict(feats=feat_dim)),
    dict(type='GenerateFrameLabels', rule='mstct'),
    dict(type='PackDenseInputs'),
]
train_dataloader = dict(
    batch_size=32, collate_fn=dict(min_length=window_size), dataset=dict(pipeline=train_pipeline)
)
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = val_dataloader

model = dict(
    backbone=dict(in_channels=feat_dim, num_classes={{_base_.num_classes}}),
    head=dict(num_classes={{_base_.num_classes}}),
)

val_evaluator = [
    dict(type='FrameMAP'),
    dict(type='ActionConditionalMetric', taus=(0, 20)),
    dict(type='MultiLabelMetric'),
]
test_evaluator = val_evaluator
