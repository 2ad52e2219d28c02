"""DAD_PLUGINS_QUICK=1 shortens any config to one epoch and a few videos of each split."""

from pathlib import Path

import pytest
from mmengine.config import Config

from dad_plugins.datasets.synthetic import make_synthetic_dataset
from dad_plugins.engine import QUICK_RUN_VARIABLE, apply_quick_run, set_data_root
from dad_plugins.registry import DATASETS
from dad_plugins.utils import register_all_modules

REPO = Path(__file__).resolve().parents[2]
BASELINE = REPO / 'configs' / 'baseline' / 'baseline_synthetic.py'
SLIDING_WINDOWS = REPO / 'configs' / 'dualdetr' / 'dualdetr_sliding-window_synthetic.py'


@pytest.fixture(scope='module')
def data(tmp_path_factory) -> Path:
    """A synthetic data set of 12 training and 6 test videos."""
    root = tmp_path_factory.mktemp('quick') / 'synthetic'
    make_synthetic_dataset(root, num_train=12, num_test=6, seed=4)
    return root


def quick(config: Path, monkeypatch, value: str = '1', **options) -> Config:
    cfg = Config.fromfile(config)
    cfg.merge_from_dict(options)
    monkeypatch.setenv(QUICK_RUN_VARIABLE, value)
    apply_quick_run(cfg)
    return cfg


@pytest.mark.parametrize('value', ['', '0'])
def test_without_the_variable_the_config_is_unchanged(value, monkeypatch):
    assert quick(BASELINE, monkeypatch, value).to_dict() == Config.fromfile(BASELINE).to_dict()
    monkeypatch.delenv(QUICK_RUN_VARIABLE)
    cfg = Config.fromfile(BASELINE)
    apply_quick_run(cfg)
    assert cfg.to_dict() == Config.fromfile(BASELINE).to_dict()


def test_one_epoch_validated_at_its_end_on_few_videos(data, monkeypatch):
    cfg = quick(BASELINE, monkeypatch)
    assert cfg.train_cfg.max_epochs == 1 and cfg.train_cfg.val_interval == 1
    set_data_root(cfg, str(data))
    register_all_modules()
    counts = {
        split: len(DATASETS.build(cfg[f'{split}_dataloader'].dataset))
        for split in ('train', 'val', 'test')
    }
    assert counts == dict(train=8, val=4, test=4)


def test_a_wrapped_dataset_keeps_the_windows_of_its_first_videos(data, monkeypatch):
    cfg = quick(SLIDING_WINDOWS, monkeypatch)
    wrapper = cfg.train_dataloader.dataset
    assert wrapper.type == 'SlidingWindowDataset' and 'indices' not in wrapper
    assert wrapper.dataset.indices == 8
    set_data_root(cfg, str(data))
    register_all_modules()
    windows = DATASETS.build(cfg.train_dataloader.dataset)
    assert len(windows.dataset) == 8
    assert {video for video, _ in windows.windows} == set(range(8))


def test_caps_only_lower(monkeypatch):
    cfg = quick(
        BASELINE,
        monkeypatch,
        **{
            'train_dataloader.dataset.indices': 2,
            'test_dataloader.dataset.indices': [5, 1, 2, 3, 4, 0],
        },
    )
    assert cfg.train_dataloader.dataset.indices == 2
    assert cfg.test_dataloader.dataset.indices == [5, 1, 2, 3]


def test_an_unknown_value_is_one_error_line(monkeypatch):
    with pytest.raises(SystemExit, match=f'^error: {QUICK_RUN_VARIABLE}=yes: set it to 1'):
        quick(BASELINE, monkeypatch, 'yes')
