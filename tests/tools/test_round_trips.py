"""Each method's synthetic config trains one epoch and evaluates through the tools."""

import pytest

from .runner import data_options, metric_items, run_test, run_train

CONFIGS = ['configs/pat/pat_synthetic.py']


@pytest.mark.parametrize('config', CONFIGS)
def test_train_and_test_through_the_tools(config, tiny_data, tmp_path):
    work_dir, options = tmp_path / 'work', data_options(tiny_data, 1)
    run_train(config, work_dir, options)
    tested, result = run_test(config, work_dir / 'epoch_1.pth', tmp_path / 'test', options)
    metrics = metric_items(tested)
    assert metrics and all(0.0 <= value <= 1.0 for value in metrics.values())
    assert 'mAP' in result.stdout
