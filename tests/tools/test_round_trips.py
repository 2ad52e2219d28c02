"""Each method's synthetic config trains one epoch and evaluates through the tools."""

import sys

import pytest

from .runner import data_options, json_records, metric_items, run_tool

CONFIGS = ['configs/pat/pat_synthetic.py']


@pytest.mark.parametrize('config', CONFIGS)
def test_train_and_test_through_the_tools(config, tiny_data, tmp_path):
    work_dir = tmp_path / 'work'
    run_tool(
        [
            sys.executable,
            'tools/train.py',
            config,
            '--work-dir',
            str(work_dir),
            *data_options(tiny_data, 1),
        ]
    )
    result = run_tool(
        [
            sys.executable,
            'tools/test.py',
            config,
            str(work_dir / 'epoch_1.pth'),
            '--work-dir',
            str(tmp_path / 'test'),
            *data_options(tiny_data, 1),
        ]
    )
    (test_log,) = (tmp_path / 'test').glob('*/*.json')
    metrics = metric_items(json_records(test_log)[-1])
    assert metrics and all(0.0 <= value <= 1.0 for value in metrics.values())
    assert 'mAP' in result.stdout
