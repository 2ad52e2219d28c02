"""End to end: tools/train.py, tools/test.py and a 2-process gloo run on a tiny synthetic set."""

import os
import pickle
import subprocess
import sys

import numpy as np
import pytest
import torch

from dad_plugins.datasets.synthetic import make_synthetic_dataset

from .runner import (
    REPO,
    data_options,
    free_port,
    json_records,
    last_metrics,
    metric_items,
    run_test,
    run_tool,
    train_records,
)

CONFIG = 'configs/baseline/baseline_synthetic.py'
REPO_CONFIG = str(REPO / CONFIG)


def test_train_then_test_reproduces_the_logged_metric(trained, tiny_data, tmp_path):
    work_dir = trained(CONFIG)
    checkpoint = work_dir / 'epoch_1.pth'
    assert checkpoint.is_file() and (work_dir / 'last_checkpoint').is_file()
    logged = last_metrics(train_records(work_dir))
    assert logged, 'training logged no mAP'

    dump = tmp_path / 'preds.pkl'
    options = ['--dump', str(dump), *data_options(tiny_data, 1)]
    tested, result = run_test(CONFIG, checkpoint, tmp_path / 'test', options)
    tested = metric_items(tested)
    assert tested == pytest.approx(logged, abs=1e-4)
    for key in tested:
        assert key.split('/')[-1] in result.stdout  # printed in the metric table
    predictions = pickle.loads(dump.read_bytes())
    assert len(predictions) == 12
    assert predictions[0]['pred_frame_scores'].shape[1] == 24


def run_on_two_processes(script: str, *args: str) -> subprocess.CompletedProcess:
    """``tools/SCRIPT ARGS --launcher pytorch`` under torchrun on 2 processes (gloo on CPU)."""
    return run_tool(
        [
            sys.executable,
            '-m',
            'torch.distributed.run',
            '--nproc_per_node=2',
            f'--master_port={free_port()}',
            f'tools/{script}',
            *args,
            '--launcher',
            'pytorch',
        ],
        timeout=600,
    )


def test_two_process_gloo_training_and_testing(tiny_data, tmp_path):
    work_dir = tmp_path / 'ddp'
    result = run_on_two_processes(
        'train.py', CONFIG, '--work-dir', str(work_dir), *data_options(tiny_data, 1)
    )
    log = result.stdout + result.stderr
    assert 'Distributed launcher: pytorch' in log and 'Distributed training: True' in log
    # 32 training videos, batch 8: two iterations per epoch on each of the two ranks.
    assert 'Epoch(train) [1][2/2]' in log
    assert (work_dir / 'epoch_1.pth').is_file()

    checkpoint = str(work_dir / 'epoch_1.pth')
    test_dir = str(tmp_path / 'ddp_test')
    options = data_options(tiny_data, 1)
    result = run_on_two_processes('test.py', CONFIG, checkpoint, '--work-dir', test_dir, *options)
    assert result.stdout.count('frame/mAP') == 1  # one table, printed by rank 0 only


def test_two_process_gloo_training_of_a_config_with_its_own_wrapper(tiny_data, tmp_path):
    # PAT wraps its assistant and detector separately (MMSeparateDistributedDataParallel).
    work_dir = tmp_path / 'pat'
    config = 'configs/pat/pat_synthetic.py'
    result = run_on_two_processes(
        'train.py', config, '--work-dir', str(work_dir), *data_options(tiny_data, 1)
    )
    assert 'Epoch(train) [1][2/2]' in result.stdout + result.stderr
    assert (work_dir / 'epoch_1.pth').is_file()


def test_bad_input_ends_with_one_line_naming_file_video_and_field(tmp_path):
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


def test_two_nodes_test_to_the_metric_of_one_process(trained, tiny_data, tmp_path):
    checkpoint = str(trained(CONFIG) / 'epoch_1.pth')
    single = run_tool(
        [sys.executable, 'tools/test.py', CONFIG, checkpoint, '--work-dir', str(tmp_path / 'one')]
        + data_options(tiny_data, 1)
    )
    port = str(free_port())
    path = f'{os.path.dirname(sys.executable)}:{os.environ["PATH"]}'  # torchrun of this Python
    env = dict(os.environ, OMP_NUM_THREADS='1', NNODES='2', PORT=port, PATH=path)
    args = ['bash', 'tools/dist_test.sh', CONFIG, checkpoint, '1']
    args += ['--work-dir', str(tmp_path / 'two')] + data_options(tiny_data, 1)
    nodes = [
        subprocess.Popen(
            args,
            cwd=REPO,
            env=dict(env, NODE_RANK=str(rank)),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for rank in (0, 1)
    ]
    outputs = [node.communicate(timeout=600)[0] for node in nodes]
    assert [node.returncode for node in nodes] == [0, 0], outputs[0][-3000:] + outputs[1][-3000:]

    def table(output):  # the metric table printed by the main process
        return [line for line in output.splitlines() if line.startswith('| ')]

    assert table(single.stdout) and table(outputs[0]) == table(single.stdout)
    assert table(outputs[1]) == []


@pytest.mark.parametrize(
    'schedule',
    [
        "param_scheduler=[dict(type='CosineAnnealingLR', by_epoch=True, eta_min=1e-5)]",
        "param_scheduler=[dict(type='MultiStepLR', by_epoch=True, milestones=[2], gamma=0.1)]",
    ],
    ids=['cosine', 'step'],
)
def test_resume_with_more_epochs_reproduces_the_uninterrupted_run(tiny_data, tmp_path, schedule):
    # The cosine schedule's end defaults to max_epochs: the first, shorter run stores end=1.
    config = tmp_path / 'schedule.py'
    config.write_text(f"_base_ = '{REPO_CONFIG}'\n{schedule}\nrandomness = dict(seed=0)\n")
    uninterrupted, resumed = tmp_path / 'uninterrupted', tmp_path / 'resumed'
    run_tool(
        [sys.executable, 'tools/train.py', str(config), '--work-dir', str(uninterrupted)]
        + data_options(tiny_data, 3)
    )
    run_tool(
        [sys.executable, 'tools/train.py', str(config), '--work-dir', str(resumed)]
        + data_options(tiny_data, 1)
    )
    result = run_tool(
        [sys.executable, 'tools/train.py', str(config), '--work-dir', str(resumed), '--resume']
        + data_options(tiny_data, 3)
    )
    assert 'resumed epoch: 1' in result.stdout + result.stderr
    assert (resumed / 'epoch_3.pth').is_file()

    def history(work_dir):
        records = [
            r for log in sorted(work_dir.glob('*/vis_data/scalars.json')) for r in json_records(log)
        ]
        rates = [(r['epoch'], r['lr']) for r in records if 'lr' in r]
        return rates, [metric_items(r) for r in records if metric_items(r)][-1]

    (rates, metrics), (resumed_rates, resumed_metrics) = history(uninterrupted), history(resumed)
    assert [epoch for epoch, _ in resumed_rates] == [epoch for epoch, _ in rates]
    assert [lr for _, lr in resumed_rates] == pytest.approx([lr for _, lr in rates])
    assert len({lr for _, lr in rates}) > 1  # the schedule did move
    assert resumed_metrics == pytest.approx(metrics, abs=1e-4)
