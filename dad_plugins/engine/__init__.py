"""Runner set-up and engine parts: distributed initialisation without GPUs, checkpoint loading,
optimiser-wrapper constructors, bad-input handling of the tools."""

from .checkpoint_loading import allow_mmengine_checkpoints
from .distributed import prepare_cpu_distributed
from .input_errors import exit_on_input_error
from .multi_optim_wrapper_constructor import MultiOptimWrapperConstructor

__all__ = [
    'MultiOptimWrapperConstructor',
    'allow_mmengine_checkpoints',
    'exit_on_input_error',
    'prepare_cpu_distributed',
]
