from pathlib import Path

import pytest

from dad_plugins.datasets.synthetic import make_synthetic_dataset


@pytest.fixture(scope='session')
def tiny_data(tmp_path_factory) -> Path:
    """A synthetic dataset of 32 training and 12 test videos."""
    root = tmp_path_factory.mktemp('synthetic')
    make_synthetic_dataset(root, num_train=32, num_test=12, seed=1)
    return root
