"""Shared fixtures: the real annotation files and a writer of small feature folders."""

from pathlib import Path

import numpy as np
import pytest

from dad_plugins.utils import register_all_modules

SHARED_DATA = Path(__file__).resolve().parents[2] / 'shared' / 'data'

register_all_modules()


@pytest.fixture
def shared_data() -> Path:
    """Folder of the real Charades / MultiTHUMOS annotation files (skips when absent)."""
    if not (SHARED_DATA / 'charades.json').is_file():
        pytest.skip(f'real annotation files not found in {SHARED_DATA}')
    return SHARED_DATA


def write_features(folder: Path, video_ids, num_tokens=8, dim=4, seed=0) -> None:
    """Write one random ``(num_tokens, dim)`` float32 ``.npy`` per video."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    for video_id in video_ids:
        np.save(folder / f'{video_id}.npy', rng.standard_normal((num_tokens, dim), np.float32))
