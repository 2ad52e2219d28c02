"""End to end: tools/train.py, tools/test.py and a 2-process gloo run on a tiny synthetic set."""

import pickle
import socket
import sys

import pytest

from .runner import data_options, json_records, metric_items, run_tool

CONFIG = 'configs/baseline/baseline_synthetic.py'


def test_train_then_test_reproduces_the_logged_metric(tiny_data, tmp_path):
    work_dir = tmp_path / 'work'
    run_tool(
        [
            sys.executable,
            'tools/train.py',
            CONFIG,
            '--work-dir',
            str(work_dir),
            *data_options(tiny_data, 2),
        ]
    )
    checkpoint = work_dir / 'epoch_2.pth'
    assert checkpoint.is_file() and (work_dir / 'last_checkpoint').is_file()
    (train_scalars,) = work_dir.glob('*/vis_data/scalars.json')
    logged = [metric_items(r) for r in json_records(train_scalars) if metric_items(r)][-1]
    assert logged, 'training logged no mAP'

    dump = tmp_path / 'preds.pkl'
    test_dir = tmp_path / 'test'
    result = run_tool(
        [
            sys.executable,
            'tools/test.py',
            CONFIG,
            str(checkpoint),
            '--work-dir',
            str(test_dir),
            '--dump',
            str(dump),
            *data_options(tiny_data, 2),
        ]
    )
    (test_log,) = test_dir.glob('*/*.json')
    tested = metric_items(json_records(test_log)[-1])
    assert tested == pytest.approx(logged, abs=1e-4)
    for key in tested:
        assert key.split('/')[-1] in result.stdout  # printed in the metric table
    predictions = pickle.loads(dump.read_bytes())
    assert len(predictions) == 12
    assert predictions[0]['pred_frame_scores'].shape[1] == 24


def test_resume_continues_from_the_last_checkpoint(tiny_data, tmp_path):
    work_dir = tmp_path / 'work'
    run_tool(
        [
            sys.executable,
            'tools/train.py',
            CONFIG,
            '--work-dir',
            str(work_dir),
            *data_options(tiny_data, 1),
        ]
    )
    result = run_tool(
        [
            sys.executable,
            'tools/train.py',
            CONFIG,
            '--work-dir',
            str(work_dir),
            '--resume',
            *data_options(tiny_data, 2),
        ]
    )
    assert 'resumed epoch: 1' in result.stdout + result.stderr
    assert (work_dir / 'epoch_2.pth').is_file()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def test_two_process_gloo_training_and_testing(tiny_data, tmp_path):
    work_dir = tmp_path / 'ddp'
    torchrun = [sys.executable, '-m', 'torch.distributed.run', '--nproc_per_node=2']
    result = run_tool(
        [
            *torchrun,
            f'--master_port={free_port()}',
            'tools/train.py',
            CONFIG,
            '--launcher',
            'pytorch',
            '--work-dir',
            str(work_dir),
            *data_options(tiny_data, 1),
        ],
        timeout=600,
    )
    log = result.stdout + result.stderr
    assert 'Distributed launcher: pytorch' in log and 'Distributed training: True' in log
    # 32 training videos, batch 8: two iterations per epoch on each of the two ranks.
    assert 'Epoch(train) [1][2/2]' in log
    assert (work_dir / 'epoch_1.pth').is_file()

    result = run_tool(
        [
            *torchrun,
            f'--master_port={free_port()}',
            'tools/test.py',
            CONFIG,
            str(work_dir / 'epoch_1.pth'),
            '--launcher',
            'pytorch',
            '--work-dir',
            str(tmp_path / 'ddp_test'),
            *data_options(tiny_data, 1),
        ],
        timeout=600,
    )
    assert result.stdout.count('frame/mAP') == 1  # one table, printed by rank 0 only


def test_two_process_gloo_training_of_a_config_with_its_own_wrapper(tiny_data, tmp_path):
    # PAT wraps its assistant and detector separately (MMSeparateDistributedDataParallel).
    result = run_tool(
        [
            sys.executable,
            '-m',
            'torch.distributed.run',
            '--nproc_per_node=2',
            f'--master_port={free_port()}',
            'tools/train.py',
            'configs/pat/pat_synthetic.py',
            '--launcher',
            'pytorch',
            '--work-dir',
            str(tmp_path / 'pat'),
            *data_options(tiny_data, 1),
        ],
        timeout=600,
    )
    assert 'Epoch(train) [1][2/2]' in result.stdout + result.stderr
    assert (tmp_path / 'pat' / 'epoch_1.pth').is_file()


def test_bad_input_ends_with_one_line_naming_file_video_and_field(tmp_path):
    import subprocess

    import numpy as np

    from dad_plugins.datasets.synthetic import make_synthetic_dataset

    from .runner import REPO

    make_synthetic_dataset(tmp_path, num_train=4, num_test=2, seed=2)
    features = np.load(tmp_path / 'features' / 'train_00001.npy')
    features[3, 2] = np.inf
    np.save(tmp_path / 'features' / 'train_00001.npy', features)
    result = subprocess.run(
        [
            sys.executable,
            'tools/train.py',
            CONFIG,
            '--work-dir',
            str(tmp_path / 'work'),
            *data_options(tmp_path, 1),
            'train_dataloader.num_workers=1',
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line == (
        f"error: {tmp_path}/features/train_00001.npy, video 'train_00001', "
        "field 'feats': non-finite value at token 3, channel 2"
    )


def test_a_checkpoint_of_another_model_is_refused_before_testing(tiny_data, tmp_path):
    import subprocess

    import torch

    from .runner import REPO

    other = torch.nn.Sequential(torch.nn.Conv1d(64, 24, 1))  # not the baseline's weights
    checkpoint = tmp_path / 'other.pth'
    torch.save({'state_dict': other.state_dict(), 'meta': {}}, checkpoint)
    args = [sys.executable, 'tools/test.py', CONFIG, str(checkpoint)]
    args += ['--work-dir', str(tmp_path / 'work'), *data_options(tiny_data, 1)]
    result = subprocess.run(args, cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 1 and 'Traceback' not in result.stderr
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.startswith(f'error: {checkpoint}: the checkpoint does not fit the model')
    assert last_line.endswith('--no-strict loads it anyway')
