# The synthetic set's schedule, a few CPU minutes (PAT, RefDense and their variants side by side):
# Adam 5e-4, 12 epochs, learning rate / 10 at epoch 8, validation every 4 epochs.
optim_wrapper = dict(optimizer=dict(type='Adam', lr=5e-4))
param_scheduler = [dict(type='StepLR', step_size=8, gamma=0.1, by_epoch=True)]
train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=12, val_interval=4)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
