import subprocess
import sys

import dad_plugins
from dad_plugins.utils import register_all_modules


def test_one_definition_importable_from_the_package():
    assert dad_plugins.register_all_modules is register_all_modules


def test_registers_every_part_and_sets_the_default_scope_in_a_fresh_interpreter():
    script = (
        'import dad_plugins\n'
        'from mmengine.registry import DefaultScope\n'
        'from dad_plugins.registry import DATASETS, METRICS, MODELS, TASK_UTILS, TRANSFORMS\n'
        'assert DefaultScope.get_current_instance() is None\n'
        'dad_plugins.register_all_modules()\n'
        "assert DefaultScope.get_current_instance().scope_name == 'dad_plugins'\n"
        "assert MODELS.get('FrameDetector') is not None\n"
        "assert DATASETS.get('DenseFeatureDataset') is not None\n"
        "assert TRANSFORMS.get('PackDenseInputs') is not None\n"
        "assert TASK_UTILS.get('FramesToSegments') is not None\n"
        'assert len(METRICS.module_dict) > 0\n'
    )
    subprocess.run([sys.executable, '-c', script], check=True)
