"""Shared fixtures: the real annotation files and a writer of small feature folders."""

import os
from pathlib import Path

import numpy as np
import pytest

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
