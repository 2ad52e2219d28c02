"""docs/get_started.md runs: a config of another project uses dad_plugins through
``custom_imports`` and trains and tests in mmengine's Runner, from a folder outside the repository.
"""

import json
import subprocess
import sys
from pathlib import Path

from dad_plugins.datasets.synthetic import make_synthetic_dataset

from .marked_blocks import marked_blocks

PAGE = Path(__file__).resolve().parents[2] / 'docs' / 'get_started.md'
BLOCKS = marked_blocks(PAGE)
# Where the page's training block reads the config from, relative to the project folder.
CONFIG = Path('configs/frame_head_synthetic.py')

# Around the page's training block: nothing of dad_plugins is imported before the config's
# custom_imports, and the learning rates mmaction2's constructor gave are reported.
PROLOGUE = "import sys\nassert 'dad_plugins' not in sys.modules\n"
EPILOGUE = """
import json
model = runner.model
head = {id(p) for p in model.head.parameters()}
lrs = {
    'head' if id(p) in head else 'other': group['lr']
    for group in runner.optim_wrapper.param_groups
    for p in group['params']
}
print(json.dumps(dict(metrics=metrics, lrs=lrs, type=type(model).__module__)))
"""


def test_a_config_of_another_project_trains_and_tests_our_parts(tmp_path):
    project = tmp_path / 'my_project'
    make_synthetic_dataset(project / 'data' / 'synthetic', num_train=8, num_test=4, seed=0)
    (project / CONFIG).parent.mkdir(parents=True)
    (project / CONFIG).write_text(BLOCKS['other_project_config'])
    script = PROLOGUE + BLOCKS['other_project_train'] + EPILOGUE
    result = subprocess.run(
        [sys.executable, '-c', script], cwd=project, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])

    assert report['type'].startswith('dad_plugins.')
    assert 0.0 <= report['metrics']['frame/mAP'] <= 100.0
    assert report['lrs']['head'] == 10 * report['lrs']['other'] == 1e-2
    assert (project / 'work_dirs' / 'frame_head_synthetic' / 'epoch_1.pth').is_file()
