"""mmcv or mmcv-lite: the check that pip cannot make, and mmcv-lite's warning that does not apply.

Both distributions provide the ``mmcv`` package; dad_plugins needs no compiled op, so either
serves. Package metadata cannot say "one of the two", so the package does not require either and
``import dad_plugins`` checks that one is installed.
"""

import importlib.util
import warnings

# mmcv.cnn.bricks.transformer warns with this on import when mmcv.ops has no compiled
# MultiScaleDeformableAttention (mmcv-lite). mmaction2's models import that module, so every run
# would print it. dad_plugins uses no mmcv op (its deformable attention is plain PyTorch).
MMCV_LITE_WARNING = r'Fail to import ``MultiScaleDeformableAttention`` from ``mmcv\.ops'
MMCV_LITE_WARNING_MODULE = r'mmcv\.cnn\.bricks\.transformer'


def check_mmcv_installed() -> None:
    """Raise an ImportError that names both choices when neither mmcv nor mmcv-lite is installed."""
    if importlib.util.find_spec('mmcv') is None:
        raise ImportError(
            'dad_plugins needs mmcv or mmcv-lite (>=2.0.0, within the range your mmaction2 '
            'accepts), and neither is installed: pip install "mmcv-lite>=2.0.0,<2.1.0" '
            '(pure Python, all dad_plugins needs) or install mmcv with compiled ops'
        )


def ignore_mmcv_lite_warning() -> None:
    """Hide mmcv's "install mmcv rather than mmcv-lite" warning, and only that warning.

    The filter matches the message and the module that emits it; with full mmcv the warning is
    never emitted, so the filter changes nothing there.
    """
    warnings.filterwarnings(
        'ignore', message=MMCV_LITE_WARNING, category=UserWarning, module=MMCV_LITE_WARNING_MODULE
    )
