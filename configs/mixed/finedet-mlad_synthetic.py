# MLAD layers on PAT's Fine-Det features, scaled down for the synthetic dataset like
# pat_synthetic.py (Fine-Det: 128 channels, 1 RPT block, 4 heads) and mlad_synthetic.py (H = 32,
# no dropout, T = 64 windows, the baseline's optimiser and schedule).
_base_ = [
    '../_base_/models/mlad.py',
    '../_base_/datasets/synthetic.py',
    '../_base_/schedules/adam_20e.py',
    '../_base_/default_runtime.py',
]

window_size = 64
embed_dims = 32
train_pipeline = [
    dict(type='LoadClipFeatures', feat_dims=dict(feats={{_base_.feat_dim}})),
    dict(type='GenerateFrameLabels', rule='mstct'),
    dict(type='RandomTemporalWindow', window_size=window_size),
    dict(type='PackDenseInputs'),
]
train_dataloader = dict(
    collate_fn=dict(min_length=window_size), dataset=dict(pipeline=train_pipeline)
)

model = dict(
    # _delete_: the backbone is Fine-Det, none of the base's MLADEncoder arguments apply to it.
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
        type='MLADEncoder',
        in_channels=128,
        num_classes={{_base_.num_classes}},
        embed_dims=embed_dims,
        dropout=0.0,
    ),
    head=dict(num_classes={{_base_.num_classes}}, in_channels=embed_dims),
)

val_evaluator = [
    dict(type='FrameMAP'),
    dict(type='ActionConditionalMetric', taus=(0, 20)),
    dict(type='MultiLabelMetric'),
]
test_evaluator = val_evaluator
