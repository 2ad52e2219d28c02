"""End to end: dualdetr_synthetic.py through tools/train.py and tools/test.py on a tiny dataset."""

import pickle

import numpy as np
import pytest

from dad_plugins.structures import sliding_window_starts

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


def test_sliding_window_training_and_map_of_every_decoder_layer(tiny_data, tmp_path):
    config = 'configs/dualdetr/dualdetr_sliding-window_synthetic.py'
    # --data-root reaches the training videos in the dataset that SlidingWindowDataset wraps.
    work_dir, options = tmp_path / 'work', data_options(tiny_data, 1)
    records = run_train(config, work_dir, options)
    lengths = [len(np.load(path, mmap_mode='r')) for path in tiny_data.glob('features/train_*')]
    windows = sum(len(sliding_window_starts(length, 64, 48)) for length in lengths)
    assert windows > len(lengths)  # some videos are longer than one window
    assert max(record['step'] for record in records if 'loss' in record) == -(-windows // 8)

    per_layer = [
        '+model.test_cfg.decode_layers=True',
        'test_evaluator.2.type=PerLayerMetric',  # in place of FrameMAP
        '+test_evaluator.2.metric.type=DetectionMAP',
    ]
    tested, _ = run_test(
        config, work_dir / 'epoch_1.pth', tmp_path / 'test', [*options, *per_layer]
    )
    tested = metric_items(tested)
    assert {f'det_layer{layer}/mAP' for layer in (1, 2, 3)} <= set(tested)
    assert tested['det_layer3/mAP'] == pytest.approx(tested['det/mAP'])
