"""The launch scripts build the torchrun / srun command lines users expect."""

import os
import subprocess

import pytest

from .runner import REPO


@pytest.fixture
def stub_path(tmp_path):
    """A PATH whose ``torchrun`` and ``srun`` print their arguments instead of launching."""
    for name in ('torchrun', 'srun'):
        stub = tmp_path / name
        stub.write_text(f'#!/usr/bin/env bash\necho {name} "$@"\n')
        stub.chmod(0o755)
    return f'{tmp_path}:{os.environ["PATH"]}'


def run_script(script, args, stub_path, **env):
    result = subprocess.run(
        ['bash', f'tools/{script}', *args],
        cwd=REPO,
        env=dict(os.environ, PATH=stub_path, **env),
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.split()


def test_dist_scripts_run_torchrun_on_one_or_more_nodes(stub_path):
    words = run_script('dist_train.sh', ['c.py', '2', '--work-dir', 'w'], stub_path)
    assert words[0] == 'torchrun' and '--nproc_per_node=2' in words and '--nnodes=1' in words
    assert words[-5:] == ['c.py', '--launcher', 'pytorch', '--work-dir', 'w']
    assert words[-6].endswith('tools/train.py')
    words = run_script(
        'dist_test.sh', ['c.py', 'e.pth', '1'], stub_path, NNODES='2', NODE_RANK='1', PORT='2950'
    )
    assert {'--nnodes=2', '--node_rank=1', '--master_port=2950'} <= set(words)
    assert words[-4:] == ['c.py', 'e.pth', '--launcher', 'pytorch']


def test_slurm_scripts_run_one_task_per_gpu(stub_path):
    words = run_script(
        'slurm_train.sh', ['gpu', 'job', 'c.py', '--work-dir', 'w'], stub_path, GPUS='16'
    )
    assert words[:3] == ['srun', '-p', 'gpu'] and '--job-name=job' in words
    assert {'--ntasks=16', '--ntasks-per-node=8', '--gres=gpu:8'} <= set(words)
    assert words[-6].endswith('tools/train.py')
    assert words[-5:] == ['c.py', '--work-dir', 'w', '--launcher', 'slurm']
    words = run_script('slurm_test.sh', ['gpu', 'job', 'c.py', 'e.pth'], stub_path, GPUS='2')
    assert {'--ntasks=2', '--ntasks-per-node=2'} <= set(words)
    assert words[-4:] == ['c.py', 'e.pth', '--launcher', 'slurm']
