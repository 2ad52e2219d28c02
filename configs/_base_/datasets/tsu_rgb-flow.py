# TSU with two-stream I3D features: RGB (features/, as in tsu.py) and optical flow
# (flow_features/{video_id}.npy), 1024-d each and aligned to the same tokens, concatenated on
# load into 2048-d tokens (DualDETR Sec. 4.1). Files that already hold both streams
# (2048-d, RGB first) are split into the two folders (docs/data.md).
_base_ = './tsu.py'

rgb_feat_dim = 1024
flow_feat_dim = 1024
feat_dim = rgb_feat_dim + flow_feat_dim
data_prefix = dict(feats='features', flow='flow_features')
# D of each file; the model reads their concatenation, feat_dim
file_dims = dict(feats=rgb_feat_dim, flow=flow_feat_dim)

# The base's pipelines, loading both files and concatenating them instead of loading one.
load_rgb_flow = [
    dict(type='LoadClipFeatures', feat_dims=file_dims),
    dict(type='ConcatFeatureStreams', streams=('flow',)),
]
train_pipeline = [*load_rgb_flow, *_base_.train_pipeline[1:]]
test_pipeline = [*load_rgb_flow, *_base_.test_pipeline[1:]]
train_dataloader = dict(dataset=dict(data_prefix=data_prefix, pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(data_prefix=data_prefix, pipeline=test_pipeline))
test_dataloader = val_dataloader
