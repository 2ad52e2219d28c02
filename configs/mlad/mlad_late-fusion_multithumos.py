# MLAD on MultiTHUMOS, the "Late Fusion" row of Table S1: one MLAD network on I3D RGB features
# (features/) and one on optical flow (flow_features/), 1024-d each, trained side by side on the
# same batches (each as if alone: Adam, no gradient clipping) and their per-token probabilities
# averaged (LateFusionDetector). Otherwise as mlad_multithumos.py.
_base_ = './mlad_multithumos.py'

data_prefix = dict(feats='features', flow='flow_features')
file_dims = dict(feats={{_base_.feat_dim}}, flow={{_base_.feat_dim}})
# The base's pipelines, loading both streams and keeping them apart.
train_pipeline = [
    dict(type='LoadClipFeatures', feat_dims=file_dims),
    *_base_.train_pipeline[1:],
]
test_pipeline = [
    dict(type='LoadClipFeatures', feat_dims=file_dims),
    *_base_.test_pipeline[1:],
]
train_dataloader = dict(dataset=dict(data_prefix=data_prefix, pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(data_prefix=data_prefix, pipeline=test_pipeline))
test_dataloader = val_dataloader

model = dict(
    _delete_=True,  # the base's detector becomes each stream's detector
    type='LateFusionDetector',
    detectors=dict(feats=_base_.model, flow=_base_.model),
    test_cfg=_base_.model.test_cfg,
)
