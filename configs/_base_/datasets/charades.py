# Charades (157 classes) with I3D RGB features, 1024-d, one token per 8 frames at 24 fps.
# Layout under data_root: annotations.json (MS-TCT form), classes.txt, features/{video_id}.npy.
dataset_type = 'DenseFeatureDataset'
data_root = 'data/charades'
feat_dim = 1024
num_classes = 157
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
    batch_size=32,
    num_workers=4,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    collate_fn=dict(type='dad_plugins.datasets.dense_collate', min_length=window_size),
    dataset=dict(
        type=dataset_type,
        data_root=data_root,
        ann_file='annotations.json',
        class_file='classes.txt',
        subset='training',
        pipeline=train_pipeline,
    ),
)
val_dataloader = dict(
    batch_size=8,
    num_workers=4,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    collate_fn=dict(type='dad_plugins.datasets.dense_collate'),
    dataset=dict(
        type=dataset_type,
        data_root=data_root,
        ann_file='annotations.json',
        class_file='classes.txt',
        subset='testing',
        pipeline=test_pipeline,
        test_mode=True,
    ),
)
test_dataloader = val_dataloader

val_evaluator = [dict(type='FrameMAP')]
test_evaluator = val_evaluator
