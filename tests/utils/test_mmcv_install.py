import importlib.util
import subprocess
import sys
import warnings

import pytest

from dad_plugins.utils import mmcv_install

# The message mmcv.cnn.bricks.transformer prints when mmcv has no compiled ops (mmcv-lite).
WARNING_TEXT = 'You should install ``mmcv`` rather than ``mmcv-lite``'


def test_without_mmcv_the_error_names_mmcv_and_mmcv_lite(monkeypatch):
    find_spec = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, 'find_spec', lambda name: None if name == 'mmcv' else find_spec(name)
    )
    with pytest.raises(ImportError, match=r'needs mmcv or mmcv-lite.*pip install "mmcv-lite'):
        mmcv_install.check_mmcv_installed()


def test_the_filter_hides_only_the_mmcv_lite_message():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        mmcv_install.ignore_mmcv_lite_warning()
        for message in (
            'Fail to import ``MultiScaleDeformableAttention`` from '
            '``mmcv.ops.multi_scale_deform_attn``, ' + WARNING_TEXT,
            'another warning of the same module',
        ):
            warnings.warn_explicit(
                message, UserWarning, 'transformer.py', 33, module='mmcv.cnn.bricks.transformer'
            )
    assert [str(w.message) for w in caught] == ['another warning of the same module']


def run_python(code: str) -> str:
    """stderr of ``python -c code`` in a fresh interpreter."""
    result = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stderr


@pytest.mark.skipif(
    importlib.util.find_spec('mmcv._ext') is not None,
    reason='mmcv with compiled ops does not print the mmcv-lite warning',
)
def test_importing_mmaction_models_after_dad_plugins_prints_no_mmcv_lite_warning():
    # mmaction2's models import mmcv.cnn.bricks.transformer, which warns with mmcv-lite ...
    assert WARNING_TEXT in run_python('import mmaction.models')
    # ... unless dad_plugins was imported first, as every tool and custom_imports do.
    assert WARNING_TEXT not in run_python('import dad_plugins\nimport mmaction.models')
