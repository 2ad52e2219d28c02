"""Shared fixtures: the real annotation files, writers of small data folders, their dataset."""

import json
import os
from pathlib import Path

import numpy as np
import pytest

from dad_plugins.datasets.synthetic import make_synthetic_dataset
from dad_plugins.utils import register_all_modules

# The real annotation files: $DAD_SHARED_DATA, else ../shared/data next to the checkout, else the
# workplace copy.
SHARED_DATA_CANDIDATES = [
    Path(path)
    for path in (
        os.environ.get('DAD_SHARED_DATA', ''),
        Path(__file__).resolve().parents[2] / 'shared' / 'data',
        '/work/shared/data',
    )
    if path
]

register_all_modules()


@pytest.fixture(scope='session')
def shared_data() -> Path:
    """Folder of the real Charades / MultiTHUMOS annotation files (skips when absent)."""
    for folder in SHARED_DATA_CANDIDATES:
        if (folder / 'charades.json').is_file():
            return folder
    pytest.skip(f'real annotation files not found in {SHARED_DATA_CANDIDATES}')


def write_features(folder: Path, video_ids, num_tokens=8, dim=4, seed=0) -> None:
    """Write one random ``(num_tokens, dim)`` float32 ``.npy`` per video."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    for video_id in video_ids:
        np.save(folder / f'{video_id}.npy', rng.standard_normal((num_tokens, dim), np.float32))


def write_multithumos_videos(
    shared_data: Path, root: Path, count: int, folders=('features',)
) -> dict:
    """Write the first ``count`` training videos of the real MultiTHUMOS annotations and its class
    file into ``root``, with 300 random 1024-d tokens per video in each feature folder (the
    seed of folder ``i`` is ``i``); their annotations."""
    annotations = json.loads((shared_data / 'multithumos.json').read_text())
    training = [video for video, info in annotations.items() if info['subset'] == 'training']
    videos = {video: annotations[video] for video in training[:count]}
    (root / 'annotations.json').write_text(json.dumps(videos))
    (root / 'classes.txt').write_text((shared_data / 'multithumos_classes.txt').read_text())
    for seed, folder in enumerate(folders):
        write_features(root / folder, videos, num_tokens=300, dim=1024, seed=seed)
    return videos


def synthetic_folder(tmp_path_factory, **kwargs) -> Path:
    """A new folder with a synthetic dataset made by ``make_synthetic_dataset(**kwargs)``."""
    root = tmp_path_factory.mktemp('synthetic')
    make_synthetic_dataset(root, **kwargs)
    return root


def write_annotations(root: Path, annotations: dict, class_names=('open door', 'hold cup')) -> None:
    """Write ``root/annotations.json`` and ``root/classes.txt`` (``c000 open door``, ...)."""
    (root / 'annotations.json').write_text(json.dumps(annotations))
    lines = [f'c{index:03d} {name}\n' for index, name in enumerate(class_names)]
    (root / 'classes.txt').write_text(''.join(lines))


def feature_dataset_cfg(root: Path, pipeline: list, **kwargs) -> dict:
    """Config of a ``DenseFeatureDataset`` over the files :func:`write_annotations` writes in
    ``root`` and the features in ``root/features``; ``kwargs`` add to it or replace."""
    cfg = dict(type='DenseFeatureDataset', data_root=str(root), pipeline=pipeline)
    return dict(cfg, ann_file='annotations.json', class_file='classes.txt') | kwargs
