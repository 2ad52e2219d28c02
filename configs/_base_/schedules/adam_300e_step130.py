# Adam 1e-4, 300 epochs, learning rate / 10 every 130 epochs (PAT and RefDense on MultiTHUMOS).
optim_wrapper = dict(optimizer=dict(type='Adam', lr=1e-4))
param_scheduler = [dict(type='StepLR', step_size=130, gamma=0.1, by_epoch=True)]
train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=300, val_interval=10)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
