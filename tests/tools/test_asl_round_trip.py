"""End to end through the tools: ASL and PAT + ASL sensitivity on a tiny synthetic set."""

import pytest

from .runner import data_options, last_metrics, metric_items, run_test, train_records

DETECTION_KEYS = [f'det/mAP@{t / 10:.1f}' for t in range(1, 10)] + ['det/mAP']


@pytest.mark.parametrize(
    'config,expected',
    [
        ('configs/asl/asl_synthetic.py', DETECTION_KEYS + ['seg/mAP', 'frame/mAP']),
        ('configs/mixed/pat_asl-sensitivity_synthetic.py', DETECTION_KEYS + ['frame/mAP']),
    ],
)
def test_train_then_test(trained, tiny_data, tmp_path, config, expected):
    work_dir, options = trained(config), data_options(tiny_data, 1)
    logged = last_metrics(train_records(work_dir))
    assert set(expected) <= set(logged)
    tested, result = run_test(config, work_dir / 'epoch_1.pth', tmp_path / 'test', options)
    assert metric_items(tested) == pytest.approx(logged, abs=1e-4)
    assert 'mAP@0.5' in result.stdout and 'mAP@0.9' in result.stdout
