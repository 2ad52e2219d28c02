"""tools/train.py option handling that needs no training run."""

import importlib.util
import sys

import pytest
import torch
from mmengine.config import Config

from .runner import REPO


def load_train_tool():
    spec = importlib.util.spec_from_file_location('train_tool', REPO / 'tools' / 'train.py')
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_amp_switches_every_wrapper_of_a_multi_optimiser_config(monkeypatch):
    monkeypatch.setattr(torch.cuda, 'is_available', lambda: True)
    cfg = Config.fromfile(REPO / 'configs' / 'pat' / 'pat_synthetic.py')
    load_train_tool().use_amp(cfg.optim_wrapper)
    assert cfg.optim_wrapper.constructor == 'MultiOptimWrapperConstructor'
    for name in ('assistant', 'detector'):
        assert cfg.optim_wrapper[name].type == 'AmpOptimWrapper'
        assert cfg.optim_wrapper[name].loss_scale == 'dynamic'
    single = Config.fromfile(REPO / 'configs' / 'baseline' / 'baseline_synthetic.py')
    load_train_tool().use_amp(single.optim_wrapper)
    assert single.optim_wrapper.type == 'AmpOptimWrapper'


def test_amp_without_a_gpu_autocasts_every_wrapper_on_the_cpu(monkeypatch):
    monkeypatch.setattr(torch.cuda, 'is_available', lambda: False)
    cfg = Config.fromfile(REPO / 'configs' / 'pat' / 'pat_synthetic.py')
    load_train_tool().use_amp(cfg.optim_wrapper)
    for name in ('assistant', 'detector'):
        assert cfg.optim_wrapper[name].type == 'CPUAutocastOptimWrapper'
        assert 'loss_scale' not in cfg.optim_wrapper[name]


@pytest.mark.parametrize('pointer', ['', 'work/epoch_3.pth'])
def test_resume_without_a_path_skips_an_empty_or_dangling_last_checkpoint(
    tmp_path, monkeypatch, pointer
):
    work_dir = tmp_path / 'work'
    work_dir.mkdir()
    for epoch in (1, 2):
        torch.save({'state_dict': {}}, work_dir / f'epoch_{epoch}.pth')
    (work_dir / 'last_checkpoint').write_text(pointer and str(tmp_path / pointer))
    tool = load_train_tool()
    config = str(REPO / 'configs' / 'baseline' / 'baseline_synthetic.py')
    monkeypatch.setattr(sys, 'argv', ['train.py', config, '--work-dir', str(work_dir), '--resume'])
    cfg = tool.merge_args(Config.fromfile(config), tool.parse_args())
    assert cfg.resume and cfg.load_from == str(work_dir / 'epoch_2.pth')
