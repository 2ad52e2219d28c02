# PAT on Charades: adam_25e_step7.py (Adam 1e-4, 25 epochs, learning rate / 10 every 7 epochs)
# with one optimiser for the assistant and one for the detector (PAT Algorithm 1).
# fused: one Adam kernel for all parameters instead of several operations per parameter, the same
# updates (to float rounding); 1.36x faster PAT training steps on CPU (docs/benchmarks.md).
_base_ = './adam_25e_step7.py'

optimizer = dict(_base_.optim_wrapper.optimizer, fused=True)
# _delete_: a wrapper per module replaces the base's single one.
optim_wrapper = dict(
    _delete_=True,
    constructor='MultiOptimWrapperConstructor',
    assistant=dict(type='OptimWrapper', optimizer=optimizer),
    detector=dict(type='OptimWrapper', optimizer=optimizer),
)
