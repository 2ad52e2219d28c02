# MLAD on MultiTHUMOS as the authors' released command line trains it (README of the released
# code): two-stream features (D = 2048), sinusoidal positional encodings added to the input
# features with dropout 0.2, Adam 1e-3 with weight decay 1e-6, batch 32 with gradients accumulated
# over 4 steps, variable-length training, 2500 epochs, inclusive ('mlad') token labels and
# evaluation over sliding windows of 128 tokens with stride 16. Unlike the released evaluation,
# overlapping window scores are averaged (each token counted once) and padding is not scored.
_base_ = [
    '../_base_/models/mlad.py',
    '../_base_/datasets/multithumos.py',
    '../_base_/schedules/mlad_adam_50e.py',
    '../_base_/default_runtime.py',
]

feat_dim = 2048
window_size = 128
label_rule = 'mlad'
train_pipeline = [
    dict(type='LoadClipFeatures', feat_dims=dict(feats=feat_dim)),
    dict(type='GenerateFrameLabels', rule=label_rule),
    dict(type='RandomLengthTemporalWindow', window_sizes=[16 * i for i in range(1, 9)]),
    dict(type='PackDenseInputs'),
]
test_pipeline = [
    dict(type='LoadClipFeatures', feat_dims=dict(feats=feat_dim)),
    dict(type='GenerateFrameLabels', rule=label_rule),
    dict(type='PackDenseInputs'),
]
train_dataloader = dict(
    batch_size=32, collate_fn=dict(min_length=1), dataset=dict(pipeline=train_pipeline)
)
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = val_dataloader

model = dict(
    backbone=dict(
        in_channels=feat_dim,
        num_classes={{_base_.num_classes}},
        pos_encoding='sinusoidal',
        input_dropout=0.2,
    ),
    head=dict(num_classes={{_base_.num_classes}}),
    test_cfg=dict(window_size=window_size, window_stride=16),
)
optim_wrapper = dict(optimizer=dict(lr=1e-3), accumulative_counts=4)
train_cfg = dict(max_epochs=2500, val_interval=50)

val_evaluator = [
    dict(type='FrameMAP'),
    dict(type='ActionConditionalMetric', taus=(0, 20)),
    dict(type='MultiLabelMetric'),
]
test_evaluator = val_evaluator
