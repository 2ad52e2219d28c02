optim_wrapper = dict(
    type='OptimWrapper', optimizer=dict(type='Adam', lr=1e-3), clip_grad=dict(max_norm=10)
)
param_scheduler = [dict(type='CosineAnnealingLR', T_max=20, by_epoch=True, eta_min=1e-5)]
train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=20, val_interval=5)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
auto_scale_lr = dict(enable=False, base_batch_size=8)
