"""dad_plugins: dense (multi-label, per-frame) temporal action detection on mmaction2 registries."""

from .utils.mmcv_install import check_mmcv_installed, ignore_mmcv_lite_warning

check_mmcv_installed()
ignore_mmcv_lite_warning()

from .utils import register_all_modules  # noqa: E402

__version__ = '0.1.0'

__all__ = ['__version__', 'register_all_modules']
