# TSU, Toyota Smarthome Untrimmed (51 classes), with I3D RGB features, 1024-d (DualDETR: one
# token per 16 frames). Annotations of the cross-subject split in the MS-TCT form (the MS-TCT
# repository's smarthome_CS_51.json). Layout under data_root: annotations.json, classes.txt,
# features/{video_id}.npy.
dataset_type = 'DenseFeatureDataset'
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
    batch_size=8,
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
