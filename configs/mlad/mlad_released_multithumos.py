# MLAD on MultiTHUMOS as the authors' released command line trains it (README of the released
# code): two-stream features (D = 2048), sinusoidal positional encodings added to the input
# features with dropout 0.2, Adam 1e-3 with weight decay 1e-6, batch 32 with gradients accumulated
# over 4 steps, variable-length training, 2500 epochs, inclusive ('mlad') token labels and
# evaluation over sliding windows of 128 tokens with stride 16. Unlike the released evaluation,
# overlapping window scores are averaged (each token counted once) and padding is not scored.
# Otherwise as mlad_multithumos.py.
_base_ = './mlad_multithumos.py'

feat_dim = 2048
label_rule = 'mlad'
# The base's pipelines, loading the 2048-d files and labelling with the released code's rule.
train_pipeline = [
    dict(type='LoadClipFeatures', feat_dims=dict(feats=feat_dim)),
    dict(type='GenerateFrameLabels', rule=label_rule),
    *_base_.train_pipeline[2:],
]
test_pipeline = [
    dict(type='LoadClipFeatures', feat_dims=dict(feats=feat_dim)),
    dict(type='GenerateFrameLabels', rule=label_rule),
    *_base_.test_pipeline[2:],
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = val_dataloader

model = dict(
    backbone=dict(in_channels=feat_dim, pos_encoding='sinusoidal', input_dropout=0.2),
    test_cfg=dict(window_stride=16),
)
optim_wrapper = dict(optimizer=dict(lr=1e-3), accumulative_counts=4)
