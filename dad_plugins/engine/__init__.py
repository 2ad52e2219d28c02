"""Runner set-up and engine parts: distributed initialisation without GPUs, checkpoint loading,
optimiser-wrapper constructors."""

from .checkpoint_loading import allow_mmengine_checkpoints
from .distributed import distributed_session, prepare_cpu_distributed
from .multi_optim_wrapper_constructor import MultiOptimWrapperConstructor

__all__ = [
    'MultiOptimWrapperConstructor',
    'allow_mmengine_checkpoints',
    'distributed_session',
    'prepare_cpu_distributed',
]
