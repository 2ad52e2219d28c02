# MLAD: Adam with learning rate 1e-4 (Sec. 5.1), kept constant. Weight decay 1e-6 and 50 epochs
# are the released code's defaults (the paper gives neither).
optim_wrapper = dict(type='OptimWrapper', optimizer=dict(type='Adam', lr=1e-4, weight_decay=1e-6))
train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=50, val_interval=5)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
auto_scale_lr = dict(enable=False, base_batch_size=32)
