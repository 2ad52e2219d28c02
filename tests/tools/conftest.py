from collections.abc import Callable
from pathlib import Path

import pytest

from ..conftest import synthetic_folder
from .runner import data_options, run_train


@pytest.fixture(scope='session')
def tiny_data(tmp_path_factory) -> Path:
    """A synthetic dataset of 32 training and 12 test videos."""
    return synthetic_folder(tmp_path_factory, num_train=32, num_test=12, seed=1)


@pytest.fixture(scope='session')
def trained(tiny_data, tmp_path_factory) -> Callable[[str], Path]:
    """``trained(config)``: the work dir of ``config`` trained by tools/train.py for one epoch on
    ``tiny_data`` and validated at its end, made once per session: a test that writes into it
    copies it first."""
    work_dirs = {}

    def train(config: str) -> Path:
        if config not in work_dirs:
            work_dir = tmp_path_factory.mktemp('trained') / 'work'
            run_train(config, work_dir, data_options(tiny_data, 1))
            work_dirs[config] = work_dir
        return work_dirs[config]

    return train
