"""dad_plugins: dense (multi-label, per-frame) temporal action detection on mmaction2 registries."""

from .utils import register_all_modules

__version__ = '0.1.0'

__all__ = ['__version__', 'register_all_modules']
