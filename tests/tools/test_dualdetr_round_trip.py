"""End to end: dualdetr_synthetic.py through tools/train.py and tools/test.py on a tiny dataset."""

import pickle
import sys

import pytest

from .runner import data_options, json_records, metric_items, run_tool

CONFIG = 'configs/dualdetr/dualdetr_synthetic.py'
THRESHOLDS = ('0.1', '0.2', '0.3', '0.4', '0.5', '0.6', '0.7', '0.8', '0.9')


def test_train_then_test_reports_detection_and_segmentation_map(tiny_data, tmp_path):
    work_dir = tmp_path / 'work'
    train = [sys.executable, 'tools/train.py', CONFIG, '--work-dir', str(work_dir)]
    run_tool([*train, *data_options(tiny_data, 1)])
    (scalars,) = work_dir.glob('*/vis_data/scalars.json')
    logged = [metric_items(r) for r in json_records(scalars) if metric_items(r)][-1]
    assert any(key.startswith('loss') for key in json_records(scalars)[0])

    test_dir, dump = tmp_path / 'test', tmp_path / 'preds.pkl'
    test = [sys.executable, 'tools/test.py', CONFIG, str(work_dir / 'epoch_1.pth')]
    result = run_tool(
        [*test, '--work-dir', str(test_dir), '--dump', str(dump), *data_options(tiny_data, 1)]
    )
    (test_log,) = test_dir.glob('*/*.json')
    tested = metric_items(json_records(test_log)[-1])
    expected = {f'det/mAP@{thr}' for thr in THRESHOLDS} | {'det/mAP', 'seg/mAP', 'frame/mAP'}
    assert set(tested) == expected
    assert tested == pytest.approx(logged, abs=1e-4)
    assert all(0.0 <= value <= 1.0 for value in tested.values())
    for key in ('mAP@0.5', 'mAP@0.9'):
        assert key in result.stdout  # printed in the metric table

    predictions = pickle.loads(dump.read_bytes())
    assert len(predictions) == 12
    first = predictions[0]
    num_tokens, num_classes = first['pred_frame_scores'].shape
    assert num_classes == 24
    assert num_tokens == pytest.approx(first['duration'] * first['feature_rate'], abs=1)
    segments = first['pred_instances']['segments']
    assert len(segments) and segments.max() <= first['duration'] + 1e-3
