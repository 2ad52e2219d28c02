# The embedded synthetic dataset: `python tools/data/make_synthetic.py data/synthetic`.
_base_ = './dense_features.py'

data_root = 'data/synthetic'
feat_dim = 64
num_classes = 24
window_size = 128

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
)
val_dataloader = dict(dataset=dict(data_root=data_root, pipeline=test_pipeline))
test_dataloader = val_dataloader
