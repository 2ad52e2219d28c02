"""End to end: dualdetr_synthetic.py through tools/train.py and tools/test.py on a tiny dataset."""

import pickle

import pytest

from .runner import data_options, last_metrics, metric_items, run_test, run_train

CONFIG = 'configs/dualdetr/dualdetr_synthetic.py'
THRESHOLDS = ('0.1', '0.2', '0.3', '0.4', '0.5', '0.6', '0.7', '0.8', '0.9')


def test_train_then_test_reports_detection_and_segmentation_map(tiny_data, tmp_path):
    work_dir, options = tmp_path / 'work', data_options(tiny_data, 1)
    records = run_train(CONFIG, work_dir, options)
    logged = last_metrics(records)
    assert any(key.startswith('loss') for key in records[0])

    dump = tmp_path / 'preds.pkl'
    options = [*options, '--dump', str(dump)]
    tested, result = run_test(CONFIG, work_dir / 'epoch_1.pth', tmp_path / 'test', options)
    tested = metric_items(tested)
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
