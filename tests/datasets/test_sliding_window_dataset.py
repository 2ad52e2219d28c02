from pathlib import Path

import numpy as np
import pytest
from mmengine.config import Config

from dad_plugins.datasets import AnnotationError, SlidingWindowDataset
from dad_plugins.registry import DATASETS, TRANSFORMS

from ..conftest import (
    feature_dataset_cfg,
    write_annotations,
    write_features,
    write_multithumos_videos,
)

REPO = Path(__file__).resolve().parents[2]

PIPELINE = [
    dict(type='LoadClipFeatures', feat_dims=dict(feats=2)),
    dict(type='GenerateFrameLabels'),
    dict(type='CropTemporalWindow'),
    dict(type='PackDenseInputs'),
]
# Tokens per video (1 token per second): a window of 4 at stride 3 fits 11 tokens at 0, 3, 6
# and needs a last window at 7; 10 tokens end exactly at 6 + 4; 3 tokens are one short window.
LENGTHS = {'long': 11, 'exact': 10, 'short': 3}
EXPECTED = {'long': [0, 3, 6, 7], 'exact': [0, 3, 6], 'short': [0]}


@pytest.fixture
def dataset_root(tmp_path):
    annotations = {
        video: {'subset': 'training', 'duration': float(length), 'actions': [[0, 0.5, 2.5]]}
        for video, length in LENGTHS.items()
    }
    annotations['long']['actions'].append([1, 8.5, 10.5])
    write_annotations(tmp_path, annotations)
    for seed, (video, length) in enumerate(LENGTHS.items()):
        write_features(tmp_path / 'features', [video], num_tokens=length, dim=2, seed=seed)
    return tmp_path


def build(root, **kwargs):
    videos = feature_dataset_cfg(root, PIPELINE)
    return DATASETS.build(
        dict(type='SlidingWindowDataset', dataset=videos, window_size=4, **kwargs)
    )


def windows_of(dataset):
    """``video_id -> [window_start, ...]`` in dataset order, and the samples."""
    samples = [dataset[index] for index in range(len(dataset))]
    starts = {}
    for sample in samples:
        meta = sample['data_samples']
        starts.setdefault(meta.video_id, []).append(meta.window_start)
    return starts, samples


def test_every_window_of_every_video_at_the_stride_ratio(dataset_root):
    dataset = build(dataset_root, stride_ratio=0.75)  # stride round(0.75 * 4) = 3
    assert len(dataset) == sum(len(starts) for starts in EXPECTED.values())
    assert dataset.metainfo['classes'] == ('open door', 'hold cup')
    starts, samples = windows_of(dataset)
    assert starts == EXPECTED
    covered = {video: set() for video in LENGTHS}
    for sample in samples:
        meta = sample['data_samples']
        video, start = meta.video_id, meta.window_start
        features = np.load(dataset_root / 'features' / f'{video}.npy')
        # Whole windows, the last one ending at the video's last token; a short video whole.
        width = min(4, LENGTHS[video])
        assert meta.num_tokens == width and sample['inputs'].shape == (2, width)
        np.testing.assert_array_equal(sample['inputs'].numpy().T, features[start : start + width])
        covered[video].update(range(start, start + width))
    assert covered == {video: set(range(length)) for video, length in LENGTHS.items()}


def test_window_labels_and_segments_are_cropped_to_the_window(dataset_root):
    _, samples = windows_of(build(dataset_root))
    last = next(
        s['data_samples'] for s in samples if s['data_samples'].video_id == 'long'
        and s['data_samples'].window_start == 7
    )  # fmt: skip
    # Tokens 7..10 of 'long': class 1 on 8.5-10.5 s (tokens 9, 10 by the MS-TCT rule).
    np.testing.assert_array_equal(last.gt_frame_labels.numpy(), [[0, 0], [0, 0], [0, 1], [0, 1]])
    np.testing.assert_allclose(last.gt_instances.segments.numpy(), [[8.5, 10.5]])
    np.testing.assert_allclose(last.gt_instances.token_segments.numpy(), [[1.5, 3.5]])
    np.testing.assert_array_equal(last.gt_instances.labels.numpy(), [1])


def test_windows_are_deterministic(dataset_root):
    first_starts, first = windows_of(build(dataset_root))
    second_starts, second = windows_of(build(dataset_root))
    assert first_starts == second_starts
    for a, b in zip(first, second):
        np.testing.assert_array_equal(a['inputs'].numpy(), b['inputs'].numpy())


def test_stride_ratio_one_tiles_the_video(dataset_root):
    starts, _ = windows_of(build(dataset_root, stride_ratio=1.0))
    assert starts == {'long': [0, 4, 7], 'exact': [0, 4, 6], 'short': [0]}


@pytest.mark.parametrize('ratio', [0.0, 1.5])
def test_stride_ratio_out_of_range_is_refused(dataset_root, ratio):
    with pytest.raises(ValueError, match='stride_ratio'):
        build(dataset_root, stride_ratio=ratio)


def test_unreadable_feature_file_names_the_file_and_video(dataset_root):
    (dataset_root / 'features' / 'short.npy').write_bytes(b'not a numpy file')
    with pytest.raises(AnnotationError, match=r"short\.npy, video 'short', field 'feats'"):
        build(dataset_root)


def test_lazy_init_enumerates_on_first_use(dataset_root):
    dataset = build(dataset_root, lazy_init=True)
    assert dataset.windows == []
    assert len(dataset) == 8


def test_crop_without_a_window_says_how_to_get_one():
    crop = TRANSFORMS.build(dict(type='CropTemporalWindow'))
    with pytest.raises(KeyError, match='SlidingWindowDataset'):
        crop(dict(video_id='v', num_tokens=3))


def test_a_built_dataset_can_be_wrapped(dataset_root):
    videos = DATASETS.build(feature_dataset_cfg(dataset_root, PIPELINE))
    assert len(SlidingWindowDataset(videos, window_size=4)) == 8


def test_dualdetr_multithumos_trains_on_windows_of_both_streams(shared_data, tmp_path):
    # Three real MultiTHUMOS training videos with 300 tokens of RGB and of flow features each.
    videos = write_multithumos_videos(shared_data, tmp_path, 3, ('features', 'flow_features'))
    cfg = Config.fromfile(REPO / 'configs/dualdetr/dualdetr_multithumos.py')
    cfg.train_dataloader.dataset.dataset.data_root = str(tmp_path)
    dataset = DATASETS.build(cfg.train_dataloader.dataset)
    starts, samples = windows_of(dataset)
    assert starts == {video: [0, 44] for video in videos}  # stride 192, the last ends at 300
    for sample in samples:
        meta = sample['data_samples']
        start, video = meta.window_start, meta.video_id
        assert sample['inputs'].shape == (2048, 256)
        rgb = np.load(tmp_path / 'features' / f'{video}.npy')[start : start + 256]
        flow = np.load(tmp_path / 'flow_features' / f'{video}.npy')[start : start + 256]
        np.testing.assert_array_equal(sample['inputs'].numpy().T, np.concatenate([rgb, flow], 1))
