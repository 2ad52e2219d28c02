"""Runner set-up: distributed initialisation without GPUs and checkpoint loading."""

from .checkpoint_loading import allow_mmengine_checkpoints
from .distributed import prepare_cpu_distributed

__all__ = ['allow_mmengine_checkpoints', 'prepare_cpu_distributed']
