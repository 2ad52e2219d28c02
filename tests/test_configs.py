"""Every config loads and builds its model."""

from pathlib import Path

import pytest
from mmengine.config import Config

from dad_plugins.registry import MODELS

CONFIGS = sorted(
    str(path.relative_to(Path(__file__).parents[1]))
    for path in (Path(__file__).parents[1] / 'configs').rglob('*.py')
    if '_base_' not in path.parts
)


@pytest.mark.parametrize('config', CONFIGS)
def test_config_builds_its_model(config):
    cfg = Config.fromfile(Path(__file__).parents[1] / config)
    assert cfg.default_scope == 'dad_plugins'
    model = MODELS.build(cfg.model)
    assert sum(p.numel() for p in model.parameters()) > 0
    for key in ('train_dataloader', 'test_dataloader', 'test_evaluator', 'optim_wrapper'):
        assert key in cfg, f'{config} has no {key}'
