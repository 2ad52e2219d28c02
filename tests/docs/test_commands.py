"""Every shell command of README.md and docs/ that is marked to run on the synthetic data runs.

A block marked with the info string ``bash run=synthetic`` runs one command at a time, as a
user would type it, from a working directory outside the repository: ``python`` is this
interpreter, ``tools/`` and ``configs/`` are the repository's, ``data/`` and ``work_dirs/`` the
working directory's. To fit the test budget every command runs as a quick smoke run
(``DAD_PLUGINS_QUICK=1``: one epoch on 8 training videos, 4 validation and 4 test videos). A
checkpoint that a command reads and no quick training wrote (the ``epoch_20.pth`` of a 20-epoch
schedule) is the newest one in its folder; the baseline's, which the pages take from
``make demo``, is trained once for the module. ``tools/dist_*.sh`` get a free port (``PORT``).
A command that an earlier block already ran in the module's working directory runs once: the same
words (less the variables every command gets anyway), or the same training into another work
dir, which then links to the first one.
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
WORK_DIR = re.compile(r' --work-dir (\S+)')
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


# Set for every command; a command that sets one of them to the same value runs the same.
SETTINGS = dict(
    OMP_NUM_THREADS='1', HF_HUB_OFFLINE='1', MPLBACKEND='Agg', **{QUICK_RUN_VARIABLE: '1'}
)


def repeats(command: str, done: dict[str, str | None], folder: Path) -> bool:
    """Whether ``command`` repeats one in ``done`` (its words less ``SETTINGS``, without the work
    dir of a training: the work dir it wrote), which it then records; a repeated training into
    another work dir gets a link to the first one's."""
    settings = {f'{name}={value}' for name, value in SETTINGS.items()}
    words = [word for word in command.split() if word not in settings]
    key, work_dir = ' '.join(words), None
    if 'tools/train.py' in key and (match := WORK_DIR.search(key)):
        key, work_dir = key.replace(match.group(0), ''), match.group(1)
    if key not in done:
        done[key] = work_dir
        return False
    if work_dir and work_dir != done[key] and not (folder / work_dir).exists():
        (folder / work_dir).parent.mkdir(parents=True, exist_ok=True)
        (folder / work_dir).symlink_to(folder / done[key], target_is_directory=True)
    return True


def run(command: str, folder: Path) -> subprocess.CompletedProcess:
    link_checkpoints(command, folder)
    env = dict(
        os.environ,
        PATH=f'{Path(sys.executable).parent}{os.pathsep}{os.environ["PATH"]}',
        PORT=str(free_port()),  # of tools/dist_*.sh, for runs beside other tests
        **SETTINGS,
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


@pytest.fixture(scope='module')
def done(folder) -> dict[str, str | None]:
    """The commands run in ``folder`` so far, as :func:`repeats` records them."""
    done = {}
    repeats(DEMO, done, folder)
    return done


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


def test_a_repeated_command_runs_once(tmp_path):
    done = {}
    first = 'python tools/train.py c.py --work-dir work_dirs/a'
    assert not repeats(f'OMP_NUM_THREADS=1 {first}', done, tmp_path)
    assert repeats(first, done, tmp_path) and not (tmp_path / 'work_dirs').exists()
    assert repeats('python tools/train.py c.py --work-dir work_dirs/b', done, tmp_path)
    assert (tmp_path / 'work_dirs' / 'b').resolve() == tmp_path / 'work_dirs' / 'a'
    assert not repeats('python tools/train.py c.py --work-dir w --seed 1', done, tmp_path)
    assert not repeats('python tools/test.py c.py work_dirs/b/epoch_1.pth', done, tmp_path)
    assert not repeats(
        'OMP_NUM_THREADS=2 python tools/test.py c.py work_dirs/b/epoch_1.pth', done, tmp_path
    )


@pytest.mark.parametrize('name', BLOCKS)
def test_block_runs(name, folder, done):
    for command in commands(BLOCKS[name]):
        if not repeats(command, done, folder):
            check(run(command, folder), command)
