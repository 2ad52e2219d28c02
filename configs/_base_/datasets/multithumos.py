# MultiTHUMOS (65 classes, ids 1-based in the annotations) with I3D RGB features, 1024-d.
# Layout under data_root: annotations.json (MS-TCT form), classes.txt, features/{video_id}.npy.
_base_ = './dense_features.py'

data_root = 'data/multithumos'
feat_dim = 1024
num_classes = 65
window_size = 256

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
    collate_fn=dict(min_length=window_size),
    dataset=dict(data_root=data_root, pipeline=train_pipeline),
    num_workers=4,
    persistent_workers=True,
)
val_dataloader = dict(
    num_workers=4,
    persistent_workers=True,
    dataset=dict(data_root=data_root, pipeline=test_pipeline),
)
test_dataloader = val_dataloader
