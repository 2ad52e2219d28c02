# RefDense Table 3, "Action-Motion": the Action-Motion sub-network alone (PAT's Fine-Det and
# non-hierarchical Coarse-Det without cross-attention, PAT's Vid-CLAS) detects
# the actions from the concatenated clip and entity features, trained with BCE on the actions;
# paper settings of configs/refdense/refdense_multithumos.py.
_base_ = [
    '../_base_/datasets/multithumos_two_stream.py',
    '../_base_/schedules/adam_300e_step130.py',
    '../_base_/default_runtime.py',
]

rpt = dict(embed_dims=512, num_blocks=3, num_heads=8, max_relative_distance=255)
model = dict(
    type='FrameDetector',
    # I3D + CLIP ResNet-50 image features
    backbone=dict(type='FineDet', in_channels=2048, **rpt),
    neck=dict(type='CoarseDet', in_channels=512, num_branches=3, **rpt),
    head=dict(
        type='FrameClsHead',
        in_channels=512,
        num_classes={{_base_.num_classes}},
        branch_weights=(0.7, 0.3),  # PAT's Vid-CLAS (alpha_fine, alpha_coarse), MultiTHUMOS
    ),
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
