# TSU, Toyota Smarthome Untrimmed (51 classes), with I3D RGB features, 1024-d (DualDETR: one
# token per 16 frames). Annotations of the cross-subject split in the MS-TCT form (the MS-TCT
# repository's smarthome_CS_51.json). Layout under data_root: annotations.json, classes.txt,
# features/{video_id}.npy.
_base_ = './dense_features.py'

data_root = 'data/tsu'
feat_dim = 1024
num_classes = 51
window_size = 96  # DualDETR's training windows on TSU

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
