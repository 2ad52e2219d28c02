# RefDense Table 3, "Action-Entity": the Action-Entity sub-network alone (one RPT block) detects
# the actions from the concatenated clip and entity features, trained with BCE on the actions;
# paper settings of configs/refdense/refdense_multithumos.py.
_base_ = [
    '../_base_/datasets/multithumos_two_stream.py',
    '../_base_/schedules/adam_300e_step130.py',
    '../_base_/default_runtime.py',
]

model = dict(
    type='FrameDetector',
    backbone=dict(
        type='FineDet',
        in_channels=2048,  # I3D + CLIP ResNet-50 image features
        embed_dims=512,
        num_blocks=1,
        num_heads=8,
        max_relative_distance=255,
    ),
    head=dict(type='FrameClsHead', in_channels=512, num_classes={{_base_.num_classes}}),
    test_cfg=dict(post_processor=dict(type='FramesToSegments', threshold=0.5)),
)
feat_dims = dict(feats={{_base_.feat_dim}}, entity={{_base_.entity_feat_dim}})
train_pipeline = [
    dict(type='LoadClipFeatures', feat_dims=feat_dims),
    dict(type='ConcatFeatureStreams', streams=('entity',)),
    dict(type='GenerateFrameLabels', rule='mstct'),
    dict(type='RandomTemporalWindow', window_size={{_base_.window_size}}),
    dict(type='PackDenseInputs'),
]
test_pipeline = [
    dict(type='LoadClipFeatures', feat_dims=feat_dims),
    dict(type='ConcatFeatureStreams', streams=('entity',)),
    dict(type='GenerateFrameLabels', rule='mstct'),
    dict(type='PackDenseInputs'),
]
train_dataloader = dict(batch_size=3, dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = val_dataloader

val_evaluator = [dict(type='FrameMAP'), dict(type='ActionConditionalMetric', taus=(0, 20))]
test_evaluator = val_evaluator
