"""End to end through the tools: ASL and PAT + ASL sensitivity on a tiny synthetic set."""

import sys

import pytest

from .runner import data_options, json_records, metric_items, run_tool

DETECTION_KEYS = [f'det/mAP@{t / 10:.1f}' for t in range(1, 10)] + ['det/mAP']


@pytest.mark.parametrize(
    'config,expected',
    [
        ('configs/asl/asl_synthetic.py', DETECTION_KEYS + ['seg/mAP', 'frame/mAP']),
        ('configs/mixed/pat_asl-sensitivity_synthetic.py', DETECTION_KEYS + ['frame/mAP']),
    ],
)
def test_train_then_test(tiny_data, tmp_path, config, expected):
    work_dir = tmp_path / 'work'
    options = data_options(tiny_data, 1)
    run_tool([sys.executable, 'tools/train.py', config, '--work-dir', str(work_dir), *options])
    (train_scalars,) = work_dir.glob('*/vis_data/scalars.json')
    logged = [metric_items(r) for r in json_records(train_scalars) if metric_items(r)][-1]
    assert set(expected) <= set(logged)
    test_dir = tmp_path / 'test'
    result = run_tool(
        [
            sys.executable,
            'tools/test.py',
            config,
            str(work_dir / 'epoch_1.pth'),
            '--work-dir',
            str(test_dir),
            *options,
        ]
    )
    (test_log,) = test_dir.glob('*/*.json')
    tested = metric_items(json_records(test_log)[-1])
    assert tested == pytest.approx(logged, abs=1e-4)
    assert 'mAP@0.5' in result.stdout and 'mAP@0.9' in result.stdout
