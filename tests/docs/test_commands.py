"""Every shell command of README.md and docs/ that is marked to run on the synthetic data runs.

A block marked with the info string ``bash run=synthetic`` runs one command at a time, as a
user would type it, from a working directory outside the repository: ``python`` is this
interpreter, ``tools/`` and ``configs/`` are the repository's, ``data/`` and ``work_dirs/`` the
working directory's. To fit the test budget every command runs as a quick smoke run
(``DAD_PLUGINS_QUICK=1``: one epoch on 8 training videos, 4 validation and 4 test videos). A
checkpoint that a command reads and no quick training wrote (the ``epoch_20.pth`` of a 20-epoch
schedule) is the newest one in its folder; the baseline's, which the pages take from
``make demo``, is trained once for the module. ``tools/dist_*.sh`` get a free port (``PORT``).
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from dad_plugins.datasets.synthetic import make_synthetic_dataset
from dad_plugins.engine import QUICK_RUN_VARIABLE

from ..tools.runner import free_port

REPO = Path(__file__).resolve().parents[2]
PAGES = [REPO / 'README.md', *sorted((REPO / 'docs').rglob('*.md'))]
# a marked block, also indented in a list item
MARKED = re.compile(r'^( *)```bash run=synthetic\n(.*?)^\1```$', re.M | re.S)
CHECKPOINT = re.compile(r'(work_dirs/\S+)/epoch_\d+\.pth')
# the baseline checkpoint of `make demo`
DEMO = (
    'python tools/train.py configs/baseline/baseline_synthetic.py '
    '--work-dir work_dirs/baseline_synthetic'
)


def marked_blocks() -> dict[str, str]:
    """The marked blocks of every page, by ``page:line``."""
    blocks = {}
    for page in PAGES:
        text = page.read_text()
        for match in MARKED.finditer(text):
            line = text.count('\n', 0, match.start()) + 1
            blocks[f'{page.relative_to(REPO)}:{line}'] = match.group(2)
    return blocks


def commands(block: str) -> list[str]:
    """The commands of a block: continued lines joined, comment lines and the activation of the
    repository's virtual environment left out."""
    joined = re.sub(r'\\\n\s*', '', block)
    lines = [line.strip() for line in joined.splitlines()]
    return [
        line
        for line in lines
        if line and not line.startswith('#') and line != '. .venv/bin/activate'
    ]


def in_repository(command: str) -> str:
    """``command`` with the repository's tools and configs, without a trailing comment."""
    command = re.sub(r'(?<=\s)(tools|configs)/', rf'{REPO}/\1/', command)
    return re.sub(r'\s+#[^\'"]*$', '', command)


def link_checkpoints(command: str, folder: Path) -> None:
    """Point each checkpoint ``command`` reads that does not exist at the newest one beside it."""
    for match in CHECKPOINT.finditer(command):
        wanted = folder / match.group(0)
        written = sorted(
            (folder / match.group(1)).glob('epoch_*.pth'), key=lambda path: path.stat().st_mtime
        )
        if not wanted.exists() and written:
            wanted.symlink_to(written[-1])


def run(command: str, folder: Path) -> subprocess.CompletedProcess:
    link_checkpoints(command, folder)
    env = dict(
        os.environ,
        PATH=f'{Path(sys.executable).parent}{os.pathsep}{os.environ["PATH"]}',
        OMP_NUM_THREADS='1',
        HF_HUB_OFFLINE='1',
        MPLBACKEND='Agg',
        PORT=str(free_port()),  # of tools/dist_*.sh, for runs beside other tests
        **{QUICK_RUN_VARIABLE: '1'},
    )
    return subprocess.run(
        ['bash', '-c', in_repository(command)],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def check(result: subprocess.CompletedProcess, command: str) -> None:
    output = result.stdout[-3000:] + result.stderr[-3000:]
    assert result.returncode == 0, f'{command}\n{output}'
    assert 'Traceback' not in result.stderr, f'{command}\n{output}'


BLOCKS = marked_blocks()


@pytest.fixture(scope='module')
def folder(tmp_path_factory) -> Path:
    """A working directory with a small synthetic data set and the baseline of ``make demo``."""
    folder = tmp_path_factory.mktemp('user')
    make_synthetic_dataset(folder / 'data' / 'synthetic', num_train=16, num_test=8)
    check(run(DEMO, folder), DEMO)
    return folder


def test_pages_mark_blocks():
    assert len(BLOCKS) >= 5
    for name, block in BLOCKS.items():
        assert commands(block), f'{name}: a marked block without a command'


def test_commands_run_the_repository_tools():
    assert in_repository('python tools/test.py configs/a.py w/epoch_3.pth  # see above') == (
        f'python {REPO}/tools/test.py {REPO}/configs/a.py w/epoch_3.pth'
    )
    assert commands('. .venv/bin/activate\n# note\npython a.py \\\n    --b c\n') == [
        'python a.py --b c'
    ]


@pytest.mark.parametrize('name', BLOCKS)
def test_block_runs(name, folder):
    for command in commands(BLOCKS[name]):
        check(run(command, folder), command)
