_base_ = [
    '../_base_/models/mlad.py',
    '../_base_/datasets/synthetic.py',
    '../_base_/schedules/adam_20e.py',
    '../_base_/default_runtime.py',
]

# The synthetic set imitates Charades: T = 64 training windows as MLAD uses on Charades
# (Sec. 5.1). Sized for a CPU run of a few minutes: H = 32 and no dropout (H = 128 with dropout
# 0.2 is about 10x slower per iteration on CPU). Optimiser and schedule are the baseline's.
window_size = 64
embed_dims = 32
train_pipeline = [
    dict(type='LoadClipFeatures', feat_dims=dict(feats={{_base_.feat_dim}})),
    dict(type='GenerateFrameLabels', rule='mstct'),
    # Table 4: more sizes train on variable lengths (docs/models/mlad.md).
    dict(type='RandomLengthTemporalWindow', window_sizes=[window_size]),
    dict(type='PackDenseInputs'),
]
train_dataloader = dict(
    collate_fn=dict(min_length=window_size), dataset=dict(pipeline=train_pipeline)
)

model = dict(
    backbone=dict(
        in_channels={{_base_.feat_dim}},
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
