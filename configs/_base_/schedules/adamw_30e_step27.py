# DualDETR (Sec. 4.1): AdamW, learning rate 2e-4, weight decay 0.05, 30 epochs, 2e-5 in the last 3.
# Not in the paper, from Deformable DETR / TadTR: gradient clipping at L2 norm 0.1 and a 0.1
# learning-rate multiplier on the deformable sampling offsets.
optim_wrapper = dict(
    type='OptimWrapper',
    optimizer=dict(type='AdamW', lr=2e-4, weight_decay=0.05),
    clip_grad=dict(max_norm=0.1),
    paramwise_cfg=dict(custom_keys={'sampling_offsets': dict(lr_mult=0.1)}),
)
param_scheduler = [dict(type='MultiStepLR', milestones=[27], gamma=0.1, by_epoch=True)]
train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=30, val_interval=5)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
auto_scale_lr = dict(enable=False, base_batch_size=8)
