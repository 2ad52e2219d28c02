# PAT on MultiTHUMOS: adam_300e_step130.py (Adam 1e-4, 300 epochs, learning rate / 10 every 130
# epochs) with one optimiser for the assistant and one for the detector (PAT Algorithm 1).
_base_ = './adam_300e_step130.py'

optimizer = {{_base_.optim_wrapper.optimizer}}
# _delete_: a wrapper per module replaces the base's single one.
optim_wrapper = dict(
    _delete_=True,
    constructor='MultiOptimWrapperConstructor',
    assistant=dict(type='OptimWrapper', optimizer=optimizer),
    detector=dict(type='OptimWrapper', optimizer=optimizer),
)
