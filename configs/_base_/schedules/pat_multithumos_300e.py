# PAT on MultiTHUMOS: Adam 1e-4, 300 epochs, learning rate / 10 every 130 epochs.
optimizer = dict(type='Adam', lr=1e-4)
optim_wrapper = dict(
    constructor='MultiOptimWrapperConstructor',
    assistant=dict(type='OptimWrapper', optimizer=optimizer),
    detector=dict(type='OptimWrapper', optimizer=optimizer),
)
param_scheduler = [dict(type='StepLR', step_size=130, gamma=0.1, by_epoch=True)]
train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=300, val_interval=10)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
