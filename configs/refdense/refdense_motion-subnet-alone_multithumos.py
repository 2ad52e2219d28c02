# RefDense Table 3, "Action-Motion": the Action-Motion sub-network alone (PAT's Fine-Det and
# non-hierarchical Coarse-Det without cross-attention, PAT's Vid-CLAS) detects
# the actions from the concatenated clip and entity features, trained with BCE on the actions;
# otherwise configs/refdense/refdense_multithumos.py.
_base_ = './refdense_multithumos.py'

# _delete_: a frame detector of RefDense's Fine-Det and Coarse-Det, over both streams and without
# cross-attention, replaces RefDense.
model = dict(
    _delete_=True,
    type='FrameDetector',
    backbone=dict(_base_.model.backbone, in_channels=_base_.feat_dim + _base_.entity_feat_dim),
    neck=_base_.model.neck,
    head=dict(
        type='FrameClsHead',
        in_channels=_base_.model.head.in_channels,
        num_classes={{_base_.num_classes}},
        branch_weights=(0.7, 0.3),  # PAT's Vid-CLAS (alpha_fine, alpha_coarse), MultiTHUMOS
    ),
    test_cfg=_base_.model.test_cfg,
)
train_dataloader = dict(dataset=dict(pipeline=_base_.concat_train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=_base_.concat_test_pipeline))
test_dataloader = val_dataloader
