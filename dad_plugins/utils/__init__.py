"""Package-wide utilities."""

from .atomic_write import npy_bytes, write_atomic
from .setup_env import register_all_modules

__all__ = ['npy_bytes', 'register_all_modules', 'write_atomic']
