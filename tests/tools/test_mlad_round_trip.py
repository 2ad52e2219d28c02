"""End to end: mlad_synthetic.py through tools/train.py and tools/test.py on a tiny dataset."""

import sys

import pytest

from .runner import data_options, json_records, run_tool

CONFIG = 'configs/mlad/mlad_synthetic.py'
METRICS = ('frame/mAP', 'action_cond/mAP_AC@tau0', 'action_cond/F1_AC@tau20', 'multilabel/lrap')


def test_train_then_test_prints_frame_and_action_conditional_metrics(tiny_data, tmp_path):
    work_dir = tmp_path / 'work'
    options = data_options(tiny_data, 1)
    run_tool([sys.executable, 'tools/train.py', CONFIG, '--work-dir', str(work_dir), *options])
    (scalars,) = work_dir.glob('*/vis_data/scalars.json')
    logged = [record for record in json_records(scalars) if 'frame/mAP' in record][-1]

    test_dir = tmp_path / 'test'
    checkpoint = str(work_dir / 'epoch_1.pth')
    result = run_tool(
        [sys.executable, 'tools/test.py', CONFIG, checkpoint, '--work-dir', str(test_dir), *options]
    )
    (test_log,) = test_dir.glob('*/*.json')
    tested = json_records(test_log)[-1]
    for key in METRICS:
        assert 0 <= tested[key] and tested[key] == pytest.approx(logged[key], abs=1e-4)
        assert key.split('/')[-1] in result.stdout  # printed in the metric table
