"""Every corrupted input and command-line mistake ends a tool with exit status 1 and one
``error:`` line naming the culprit (file, video or field), without a traceback, and leaves no
checkpoint, metrics or predictions behind: the work dir holds at most the run's log and the
copies of its config that mmengine writes when the Runner starts."""

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
import torch
from mmengine.config import Config

from dad_plugins.datasets.synthetic import make_synthetic_dataset
from dad_plugins.registry import MODELS

from .tools.runner import run_tool_in_process

REPO = Path(__file__).resolve().parents[1]
CONFIG = str(REPO / 'configs' / 'baseline' / 'baseline_synthetic.py')


@pytest.fixture(scope='module')
def pristine(tmp_path_factory) -> Path:
    """A synthetic dataset of 4 training and 2 test videos, and a checkpoint of the config's
    model (random weights) in ``model.pth``."""
    root = tmp_path_factory.mktemp('pristine')
    make_synthetic_dataset(root / 'data', num_train=4, num_test=2, seed=3)
    save_model(root / 'model.pth')
    return root


def save_model(path: Path, **head) -> None:
    """Save a checkpoint of the config's model, its head changed by ``head``."""
    cfg = Config.fromfile(CONFIG)
    cfg.model.head.update(head)
    torch.save({'state_dict': MODELS.build(cfg.model).state_dict(), 'meta': {}}, path)


class Case:
    """One mistake: ``prepare(root)`` corrupts the copied dataset under ``root / 'data'`` and
    returns the tool and its arguments (``{data}``, ``{root}``, ``{work}`` are filled in);
    ``culprit`` must appear in the error line."""

    def __init__(self, prepare: Callable[[Path], list[str]], culprit: str) -> None:
        self.prepare = prepare
        self.culprit = culprit


def data_options(*extra: str) -> list[str]:
    return ['--data-root', '{data}', '--cfg-options', 'train_cfg.max_epochs=1', *extra]


def train(*options: str, extra: tuple[str, ...] = ()) -> list[str]:
    """tools/train.py on the case's data, for one epoch."""
    return ['tools/train.py', CONFIG, '--work-dir', '{work}', *options, *data_options(*extra)]


def evaluate(checkpoint: str = '{root}/model.pth', *options: str, extra=()) -> list[str]:
    """tools/test.py of ``checkpoint`` on the case's data."""
    args = ['tools/test.py', CONFIG, checkpoint, '--work-dir', '{work}', *options]
    return [*args, *data_options(*extra)]


def evaluate_at(data_root: str) -> list[str]:
    """tools/test.py of the random checkpoint on the data set in ``data_root``."""
    return [
        'tools/test.py',
        CONFIG,
        '{root}/model.pth',
        '--work-dir',
        '{work}',
        '--data-root',
        data_root,
    ]


def infer(checkpoint: str = '{root}/model.pth', features='{data}/features/test_00000.npy'):
    """tools/infer.py of ``checkpoint`` on one feature file."""
    out = ['--out', '{work}/results.json']
    return ['tools/infer.py', CONFIG, checkpoint, features, *out, *data_options()]


def edit_annotations(change: Callable[[dict], None], tool=train) -> Callable[[Path], list[str]]:
    def prepare(root: Path) -> list[str]:
        path = root / 'data' / 'annotations.json'
        annotations = json.loads(path.read_text())
        change(annotations)
        path.write_text(json.dumps(annotations))
        return tool()

    return prepare


def write(relative: str, content: str | bytes, tool=train) -> Callable[[Path], list[str]]:
    """Replace (or create) a file under the case's folder, then run ``tool``."""

    def prepare(root: Path) -> list[str]:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)
        return tool()

    return prepare


def remove(relative: str, tool=train) -> Callable[[Path], list[str]]:
    def prepare(root: Path) -> list[str]:
        path = root / relative
        shutil.rmtree(path) if path.is_dir() else path.unlink()
        return tool()

    return prepare


def features(array: np.ndarray, video: str = 'train_00001', tool=train):
    def prepare(root: Path) -> list[str]:
        np.save(root / 'data' / 'features' / f'{video}.npy', array)
        return tool()

    return prepare


def first_action(value) -> Callable[[dict], None]:
    def change(annotations: dict) -> None:
        annotations['train_00000']['actions'][0] = value

    return change


def without(field: str) -> Callable[[dict], None]:
    def change(annotations: dict) -> None:
        del annotations['train_00000'][field]

    return change


def rename_video(new_id: str) -> Callable[[dict], None]:
    def change(annotations: dict) -> None:
        annotations[new_id] = annotations.pop('train_00000')

    return change


def duplicate_video(root: Path) -> list[str]:
    path = root / 'data' / 'annotations.json'
    text = path.read_text()
    first = json.dumps({'train_00000': json.loads(text)['train_00000']})[1:-1]
    path.write_text('{' + first + ', ' + text[1:])
    return train()


def class_lines(change: Callable[[list[str]], list[str]], tool=train):
    def prepare(root: Path) -> list[str]:
        path = root / 'data' / 'classes.txt'
        path.write_text('\n'.join(change(path.read_text().splitlines())) + '\n')
        return tool()

    return prepare


def truncated_checkpoint(root: Path) -> list[str]:
    whole = (root / 'model.pth').read_bytes()
    (root / 'bad.pth').write_bytes(whole[: len(whole) // 2])
    return evaluate('{root}/bad.pth')


class RunsCode:
    """A pickle that runs code when loaded: it creates the folder ``marker``."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self):
        return os.mkdir, (self.marker,)


def crafted_checkpoint(tool: Callable[[str], list[str]]) -> Callable[[Path], list[str]]:
    def prepare(root: Path) -> list[str]:
        state = torch.load(root / 'model.pth', weights_only=True)
        state['meta'] = RunsCode(str(root / 'code_ran'))
        torch.save(state, root / 'crafted.pth')
        return tool('{root}/crafted.pth')

    return prepare


def other_model_checkpoint(root: Path) -> list[str]:
    torch.save({'state_dict': torch.nn.Linear(3, 2).state_dict()}, root / 'other.pth')
    return evaluate('{root}/other.pth')


def other_class_count_checkpoint(root: Path) -> list[str]:
    save_model(root / 'heads5.pth', num_classes=5)
    return evaluate('{root}/heads5.pth')


def config_file(text: str) -> Callable[[Path], list[str]]:
    def prepare(root: Path) -> list[str]:
        (root / 'mine.py').write_text(text.format(config=CONFIG))
        args = train()
        args[1] = '{root}/mine.py'
        return args

    return prepare


def with_options(*extra: str, tool=train) -> Callable[[Path], list[str]]:
    return lambda root: tool(extra=extra)


def plain(args: list[str]) -> Callable[[Path], list[str]]:
    return lambda root: args


ANN = 'data/annotations.json'
CLASSES = 'data/classes.txt'
FEATURE = 'data/features/train_00001.npy'
TOKENS = np.zeros((40, 64), np.float32)

CASES = {
    # the data folder (--data-root)
    'data-root-missing': Case(
        plain(evaluate_at('{root}/nowhere')),
        'nowhere',
    ),
    'data-root-without-the-data': Case(
        plain(evaluate_at('{root}')),
        'annotations.json',
    ),
    # annotation files
    'annotations-missing': Case(remove(ANN), 'annotations.json'),
    'annotations-not-json': Case(write(ANN, '{"train_00000": '), 'annotations.json'),
    'annotations-empty-file': Case(write(ANN, ''), 'annotations.json'),
    'annotations-a-list': Case(write(ANN, '[]'), 'annotations.json'),
    'video-without-duration': Case(edit_annotations(without('duration')), 'duration'),
    'video-without-actions': Case(edit_annotations(without('actions')), 'actions'),
    'video-without-subset': Case(edit_annotations(without('subset')), 'subset'),
    'action-of-two-values': Case(edit_annotations(first_action([0, 1.0])), 'actions[0]'),
    'action-time-a-word': Case(edit_annotations(first_action([0, 'one', 2.0])), 'actions[0]'),
    'action-class-true': Case(edit_annotations(first_action([True, 1.0, 2.0])), 'actions[0]'),
    'action-class-unknown': Case(edit_annotations(first_action([99, 1.0, 2.0])), 'actions[0]'),
    'duplicate-video-id': Case(duplicate_video, 'train_00000'),
    'video-id-leaving-the-feature-folder': Case(edit_annotations(rename_video('../x')), '../x'),
    'video-id-an-absolute-path': Case(edit_annotations(rename_video('/tmp/x')), '/tmp/x'),
    'subset-misspelt': Case(with_options('val_dataloader.dataset.subset=test'), "'test'"),
    # class files
    'classes-missing': Case(remove(CLASSES), 'classes.txt'),
    'classes-empty': Case(write(CLASSES, ''), 'classes.txt'),
    'classes-line-without-name': Case(class_lines(lambda lines: [*lines, 'c099']), 'c099'),
    'classes-repeated-name': Case(class_lines(lambda lines: [*lines, 'c099 take cup']), 'take cup'),
    'classes-more-than-the-model': Case(
        class_lines(lambda lines: [*lines, 'c024 extra'], tool=evaluate), 'num_classes'
    ),
    # feature files
    'features-folder-missing': Case(remove('data/features'), 'features'),
    'feature-file-missing': Case(remove(FEATURE), 'train_00001'),
    'feature-file-text': Case(write(FEATURE, 'not an array\n'), 'train_00001.npy'),
    'feature-file-1d': Case(features(np.zeros(64, np.float32)), 'train_00001.npy'),
    'feature-file-no-tokens': Case(features(np.zeros((0, 64), np.float32)), 'train_00001.npy'),
    'feature-file-nan': Case(features(np.where(TOKENS == 0, np.nan, 0)), 'train_00001.npy'),
    'feature-file-wrong-dim': Case(features(np.zeros((40, 5), np.float32)), 'train_00001.npy'),
    # configs and --cfg-options
    'config-missing': Case(plain(['tools/train.py', '{root}/nope.py']), 'nope.py'),
    'config-syntax-error': Case(config_file('model = dict(\n'), 'mine.py'),
    'config-key-misspelt-in-the-file': Case(
        config_file("_base_ = ['{config}']\nmodel = dict(head=dict(num_clases=5))\n"),
        'num_clases',
    ),
    'model-type-unknown': Case(with_options('model.type=FrameDetectr'), 'FrameDetectr'),
    'option-key-nowhere-in-the-config': Case(with_options('randomnes.seed=3'), 'randomnes'),
    'option-misspelt-train-cfg': Case(with_options('train_cfg.max_epoch=2'), 'max_epoch'),
    'option-misspelt-optimizer': Case(with_options('optim_wrapper.optimizer.lrr=0.1'), 'lrr'),
    'option-misspelt-head': Case(with_options('model.head.num_clases=3'), 'num_clases'),
    'sliding-window-with-gaps': Case(
        with_options('+model.test_cfg.window_size=8', '+model.test_cfg.window_stride=16'),
        'window_stride',
    ),
    # checkpoints
    'checkpoint-missing': Case(plain(evaluate('{root}/none.pth')), 'none.pth'),
    'checkpoint-empty': Case(
        write('bad.pth', b'', tool=lambda: evaluate('{root}/bad.pth')), 'bad.pth'
    ),
    'checkpoint-text': Case(
        write('bad.pth', 'not a checkpoint\n', tool=lambda: evaluate('{root}/bad.pth')), 'bad.pth'
    ),
    'checkpoint-random-bytes': Case(
        write('bad.pth', bytes(range(256)) * 8, tool=lambda: evaluate('{root}/bad.pth')),
        'bad.pth',
    ),
    'checkpoint-truncated': Case(truncated_checkpoint, 'bad.pth'),
    'checkpoint-of-another-model': Case(other_model_checkpoint, 'other.pth'),
    'checkpoint-head-of-other-class-count': Case(other_class_count_checkpoint, 'heads5.pth'),
    'checkpoint-crafted-to-run-code': Case(crafted_checkpoint(evaluate), 'crafted.pth'),
    'resume-checkpoint-missing': Case(plain(train('--resume', '{root}/none.pth')), 'none.pth'),
    'resume-checkpoint-crafted': Case(
        crafted_checkpoint(lambda path: train('--resume', path)), 'crafted.pth'
    ),
    'infer-checkpoint-crafted': Case(crafted_checkpoint(infer), 'crafted.pth'),
    # command-line mistakes
    'work-dir-below-a-file': Case(
        write('file', 'x', tool=lambda: train()[:3] + ['{root}/file/work'] + train()[4:]),
        'file/work',
    ),
    'dump-of-unknown-kind': Case(
        plain(evaluate('{root}/model.pth', '--dump', '{root}/p.txt')), 'p.txt'
    ),
    'dump-below-a-file': Case(
        write(
            'file', 'x', tool=lambda: evaluate('{root}/model.pth', '--dump', '{root}/file/p.pkl')
        ),
        'file',
    ),
    'launcher-pytorch-outside-torchrun': Case(plain(train('--launcher', 'pytorch')), 'torchrun'),
    'infer-input-missing': Case(plain(infer(features='{root}/none.npy')), 'none.npy'),
    'infer-features-of-another-dim': Case(
        features(np.zeros((6, 5), np.float32), 'test_00000', tool=infer), 'test_00000'
    ),
    # data tools
    'sub-labels-of-a-missing-class-file': Case(
        plain(['tools/data/propose_sub_labels.py', '{root}/none.txt', '{work}/sub.json']),
        'none.txt',
    ),
    'class-embeddings-of-a-missing-class-file': Case(
        plain(
            [
                'tools/data/encode_class_names.py',
                '{root}/none.txt',
                '{work}/e.npy',
                '--model',
                '{root}',
            ]
        ),
        'none.txt',
    ),
    'synthetic-data-below-a-file': Case(
        write('file', 'x', tool=lambda: ['tools/data/make_synthetic.py', '{root}/file/out']), 'file'
    ),
}
if not torch.cuda.is_available():
    CASES['launcher-slurm-without-a-gpu'] = Case(plain(train('--launcher', 'slurm')), 'slurm')


def run_case(name: str, pristine: Path, root: Path) -> subprocess.CompletedProcess:
    """Prepare the case in ``root`` and run its tool in this process."""
    shutil.copytree(pristine / 'data', root / 'data')
    shutil.copy(pristine / 'model.pth', root / 'model.pth')
    fill = dict(data=root / 'data', root=root, work=root / 'work')
    script, *args = [arg.format(**fill) for arg in CASES[name].prepare(root)]
    return run_tool_in_process(script, args)


@pytest.mark.parametrize('name', CASES)
def test_one_error_line_naming_the_culprit(name, pristine, tmp_path):
    result = run_case(name, pristine, tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output[-3000:]
    assert 'Traceback' not in output, output[-3000:]
    errors = [line for line in output.splitlines() if line.startswith('error:')]
    assert len(errors) == 1, output[-3000:]
    assert CASES[name].culprit in errors[0], errors[0]
    work = tmp_path / 'work'
    written = [path.relative_to(work) for path in work.rglob('*') if path.is_file()]
    leftovers = [path for path in written if not is_log_or_config(path)]
    assert not leftovers, f'{errors[0]}; written: {leftovers}'
    assert not (tmp_path / 'code_ran').exists()


def is_log_or_config(path: Path) -> bool:
    """The log of a run (``<timestamp>/<timestamp>.log``) or a copy of its config."""
    return (
        path.suffix == '.log'
        or path.name == 'config.py'
        or len(path.parts) == 1
        and (path.suffix == '.py')
    )
