# What every dense-feature dataset base shares: DenseFeatureDataset over annotations.json and
# classes.txt under the dataset's data_root, random training windows from the 'training' subset
# padded by dense_collate, whole 'testing' videos for validation and testing, per-frame mAP.
# A dataset base inherits this file and states its data_root, feat_dim, num_classes,
# window_size, pipelines, batch size and loader workers.
dataset_type = 'DenseFeatureDataset'

train_dataloader = dict(
    batch_size=8,
    num_workers=0,
    sampler=dict(type='DefaultSampler', shuffle=True),
    collate_fn=dict(type='dad_plugins.datasets.dense_collate'),
    dataset=dict(
        type=dataset_type,
        ann_file='annotations.json',
        class_file='classes.txt',
        subset='training',
    ),
)
# The training loader's settings, unshuffled, over the whole 'testing' videos.
val_dataloader = dict(
    train_dataloader,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(train_dataloader['dataset'], subset='testing', test_mode=True),
)
test_dataloader = val_dataloader

val_evaluator = [dict(type='FrameMAP')]
test_evaluator = val_evaluator
