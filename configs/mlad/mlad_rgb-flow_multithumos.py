# MLAD on MultiTHUMOS with two-stream I3D features, RGB and flow concatenated (D = 2048, "Early
# Fusion" of Table S1: the setting of Tables 1-5). Otherwise as mlad_multithumos.py.
_base_ = [
    '../_base_/models/mlad.py',
    '../_base_/datasets/multithumos.py',
    '../_base_/schedules/mlad_adam_50e.py',
    '../_base_/default_runtime.py',
]

feat_dim = 2048
window_size = 128
# Table 4: False trains on fixed windows of `window_size` tokens.
variable_length = True
train_window = (
    dict(type='RandomLengthTemporalWindow', window_sizes=[16 * i for i in range(1, 9)])
    if variable_length
    else dict(type='RandomTemporalWindow', window_size=window_size)
)
train_pipeline = [
    dict(type='LoadClipFeatures', feat_dims=dict(feats=feat_dim)),
    dict(type='GenerateFrameLabels', rule='mstct'),
    train_window,
    dict(type='PackDenseInputs'),
]
test_pipeline = [
    dict(type='LoadClipFeatures', feat_dims=dict(feats=feat_dim)),
    dict(type='GenerateFrameLabels', rule='mstct'),
    dict(type='PackDenseInputs'),
]
train_dataloader = dict(
    batch_size=32,
    collate_fn=dict(min_length=1 if variable_length else window_size),
    dataset=dict(pipeline=train_pipeline),
)
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = val_dataloader

model = dict(
    backbone=dict(in_channels=feat_dim, num_classes={{_base_.num_classes}}),
    head=dict(num_classes={{_base_.num_classes}}),
    test_cfg=dict(window_size=window_size, window_stride=window_size // 2),
)
train_cfg = dict(max_epochs=2500, val_interval=50)

val_evaluator = [
    dict(type='FrameMAP'),
    dict(type='ActionConditionalMetric', taus=(0, 20)),
    dict(type='MultiLabelMetric'),
]
test_evaluator = val_evaluator
