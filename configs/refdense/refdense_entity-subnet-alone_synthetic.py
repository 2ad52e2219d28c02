# RefDense Table 3, "Action-Entity": the Action-Entity sub-network alone (one RPT block) detects
# the actions from the concatenated clip and entity features, trained with BCE on the actions;
# otherwise configs/refdense/refdense_synthetic.py.
_base_ = './refdense_synthetic.py'

# _delete_: a frame detector of RefDense's entity encoder, over both streams, replaces RefDense.
model = dict(
    _delete_=True,
    type='FrameDetector',
    backbone=dict(
        _base_.model.entity_encoder, in_channels=_base_.feat_dim + _base_.entity_feat_dim
    ),
    head=dict(
        type='FrameClsHead',
        in_channels=_base_.model.head.in_channels,
        num_classes={{_base_.num_classes}},
    ),
    test_cfg=_base_.model.test_cfg,
)
train_dataloader = dict(dataset=dict(pipeline=_base_.concat_train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=_base_.concat_test_pipeline))
test_dataloader = val_dataloader
