import itertools
import json
from pathlib import Path

import numpy as np
import pytest
import torch
from matplotlib.image import imread
from mmengine.structures import InstanceData

from dad_plugins.registry import VISUALIZERS
from dad_plugins.structures.dense_data_sample import DenseDataSample
from dad_plugins.visualization import DenseActionVisualizer

CHARADES = Path(__file__).parents[2] / 'dad_plugins/datasets/sub_labels/charades.json'
_names = itertools.count()


def visualizer(classes: list[str], **kwargs) -> DenseActionVisualizer:
    vis = DenseActionVisualizer(name=f'dense_vis_{next(_names)}', **kwargs)
    vis.dataset_meta = dict(classes=classes)
    return vis


def sample(
    num_tokens: int,
    rate: float,
    gt_classes: list[int],
    num_classes: int,
    seed: int = 0,
    with_gt: bool = True,
    with_pred: bool = True,
) -> DenseDataSample:
    """A whole video with ``gt_classes`` present, noisy scores and one detection per segment."""
    rng = np.random.default_rng(seed)
    duration = num_tokens / rate
    data = DenseDataSample(
        metainfo=dict(video_id='v/1', duration=duration, feature_rate=rate, num_tokens=num_tokens)
    )
    segments = []
    for label in gt_classes:
        for _ in range(3):
            start = rng.uniform(0, duration * 0.9)
            segments.append((start, min(duration, start + rng.uniform(1, duration / 10)), label))
    segments = torch.tensor(segments, dtype=torch.float32).reshape(-1, 3)
    if with_gt:
        data.gt_instances = InstanceData(segments=segments[:, :2], labels=segments[:, 2].long())
    if with_pred:
        scores = torch.rand(len(segments))
        order = scores.argsort(descending=True)
        data.pred_instances = InstanceData(
            segments=segments[order, :2], labels=segments[order, 2].long(), scores=scores[order]
        )
        data.pred_frame_scores = torch.rand(num_tokens, num_classes)
    return data


def png_size(path: Path) -> tuple[int, int]:
    height, width = imread(path).shape[:2]
    return height, width


def test_registered():
    assert VISUALIZERS.get('DenseActionVisualizer') is DenseActionVisualizer


def test_short_video_png(tmp_path):
    vis = visualizer([f'class {i}' for i in range(8)], top_k=2)
    out = tmp_path / 'short.png'
    image = vis.add_datasample('short', sample(90, 3.0, [1, 4], 8), out_file=str(out))
    assert out.is_file() and png_size(out) == image.shape[:2]
    assert image.shape[1] == 1600 and image.dtype == np.uint8
    assert not list(tmp_path.glob('.*.tmp'))  # written atomically, nothing left behind


def test_long_charades_video_grows_with_rows(tmp_path):
    """30 minutes at 3 tokens/s, 157 Charades names, 12 classes present."""
    names = [action['action'] for action in json.loads(CHARADES.read_text())['actions']]
    assert len(names) == 157
    vis = visualizer(names, top_k=5)
    few, many = tmp_path / 'few.png', tmp_path / 'many.png'
    vis.add_datasample('few', sample(5400, 3.0, [3, 50], 157), out_file=str(few))
    vis.add_datasample('many', sample(5400, 3.0, list(range(0, 156, 13)), 157), out_file=str(many))
    (h_few, w_few), (h_many, w_many) = png_size(few), png_size(many)
    assert w_few == w_many
    assert h_many > h_few + 10 * 0.34 * 1.6 * 100 * 0.9  # ten more rows of timeline + heat-map


@pytest.mark.parametrize(
    'with_gt, with_pred',
    [(True, False), (False, True), (False, False)],
    ids=['no-pred', 'no-gt', 'empty'],
)
def test_missing_parts_draw(tmp_path, with_gt, with_pred):
    vis = visualizer([f'c{i}' for i in range(5)])
    out = tmp_path / 'part.png'
    data = sample(60, 2.0, [0, 2], 5, with_gt=with_gt, with_pred=with_pred)
    vis.add_datasample('part', data, out_file=str(out))
    assert out.is_file()


def test_zero_duration_draws(tmp_path):
    data = sample(40, 2.0, [0], 3)
    data.set_metainfo(dict(duration=0.0))
    out = tmp_path / 'zero.png'
    visualizer(['a', 'b', 'c']).add_datasample('zero', data, out_file=str(out))
    assert out.is_file()


def test_detections_only_and_no_class_names(tmp_path):
    data = sample(60, 2.0, [0, 2], 5)
    del data.pred_frame_scores
    vis = DenseActionVisualizer(name=f'dense_vis_{next(_names)}')
    out = tmp_path / 'dets.png'
    vis.add_datasample('dets', data, draw_gt=False, out_file=str(out), score_thr=0.0)
    assert out.is_file()


def test_without_out_file_writes_to_the_backends(tmp_path):
    vis = visualizer(
        [f'c{i}' for i in range(5)],
        vis_backends=[dict(type='LocalVisBackend')],
        save_dir=str(tmp_path),
    )
    vis.add_datasample('backend', sample(60, 2.0, [1], 5), step=3)
    assert list(tmp_path.glob('**/backend_3.png'))
