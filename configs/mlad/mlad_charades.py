# MLAD on Charades, paper settings (Sec. 5.1): I3D RGB features (D = 1024, the "RGB" row of
# Table S1; mlad_rgb-flow_charades.py is the two-stream headline), T = 64 training windows,
# H = 128, L = 5 MLAD layers, batch 32, Adam 1e-4, full-video inference.
_base_ = [
    '../_base_/models/mlad.py',
    '../_base_/datasets/charades.py',
    '../_base_/schedules/mlad_adam_50e.py',
    '../_base_/default_runtime.py',
]

window_size = 64
train_pipeline = [
    dict(type='LoadClipFeatures', feat_dims=dict(feats={{_base_.feat_dim}})),
    dict(type='GenerateFrameLabels', rule='mstct'),  # the released code labels with 'mlad'
    dict(type='RandomTemporalWindow', window_size=window_size),
    dict(type='PackDenseInputs'),
]
train_dataloader = dict(
    batch_size=32, collate_fn=dict(min_length=window_size), dataset=dict(pipeline=train_pipeline)
)

model = dict(
    backbone=dict(in_channels={{_base_.feat_dim}}, num_classes={{_base_.num_classes}}),
    head=dict(num_classes={{_base_.num_classes}}),
)

# Per-frame mAP, action-conditional metrics (Sec. 4; tau = 0 and 20 as in Table 2) and the
# multi-label metrics of Table 2.
val_evaluator = [
    dict(type='FrameMAP'),
    dict(type='ActionConditionalMetric', taus=(0, 20)),
    dict(type='MultiLabelMetric'),
]
test_evaluator = val_evaluator
