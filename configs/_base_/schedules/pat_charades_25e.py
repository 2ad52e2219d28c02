# PAT on Charades: Adam 1e-4, 25 epochs, learning rate / 10 every 7 epochs.
# fused: one Adam kernel for all parameters instead of several operations per parameter, the same
# updates (to float rounding); 1.36x faster PAT training steps on CPU (docs/benchmarks.md).
optimizer = dict(type='Adam', lr=1e-4, fused=True)
optim_wrapper = dict(
    constructor='MultiOptimWrapperConstructor',
    assistant=dict(type='OptimWrapper', optimizer=optimizer),
    detector=dict(type='OptimWrapper', optimizer=optimizer),
)
param_scheduler = [dict(type='StepLR', step_size=7, gamma=0.1, by_epoch=True)]
train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=25, val_interval=1)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
