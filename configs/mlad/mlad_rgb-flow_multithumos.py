# MLAD on MultiTHUMOS with two-stream I3D features, RGB and flow concatenated (D = 2048, "Early
# Fusion" of Table S1: the setting of Tables 1-5). Otherwise as mlad_multithumos.py.
_base_ = './mlad_multithumos.py'

feat_dim = 2048
# The base's pipelines, loading the 2048-d files.
train_pipeline = [
    dict(type='LoadClipFeatures', feat_dims=dict(feats=feat_dim)),
    *_base_.train_pipeline[1:],
]
test_pipeline = [
    dict(type='LoadClipFeatures', feat_dims=dict(feats=feat_dim)),
    *_base_.test_pipeline[1:],
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = val_dataloader

model = dict(backbone=dict(in_channels=feat_dim))
