"""Every config loads and builds its model."""

from pathlib import Path

import numpy as np
import pytest
from mmengine.config import Config

from dad_plugins.registry import MODELS

CONFIGS = sorted(
    str(path.relative_to(Path(__file__).parents[1]))
    for path in (Path(__file__).parents[1] / 'configs').rglob('*.py')
    if '_base_' not in path.parts
)


def redirect_text_embeddings(node, path: str) -> int:
    """Point every ``text_embeddings`` file of a config at ``path``; return how many."""
    count = 0
    if isinstance(node, dict):
        for key, value in node.items():
            if key == 'text_embeddings' and isinstance(value, str):
                node[key] = path
                count += 1
            else:
                count += redirect_text_embeddings(value, path)
    elif isinstance(node, (list, tuple)):
        count += sum(redirect_text_embeddings(item, path) for item in node)
    return count


@pytest.mark.parametrize('config', CONFIGS)
def test_config_builds_its_model(config, tmp_path):
    cfg = Config.fromfile(Path(__file__).parents[1] / config)
    assert cfg.default_scope == 'dad_plugins'
    # CoLV configs read cached class text embeddings, which the datasets' set-up writes
    text_file = tmp_path / 'text.npy'
    np.save(text_file, np.random.default_rng(0).standard_normal((8, 16)).astype(np.float32))
    uses_text = redirect_text_embeddings(cfg.model, str(text_file)) > 0
    assert uses_text == ('colv' in config or 'refdense_' in config and 'alone' not in config)
    model = MODELS.build(cfg.model)
    assert sum(p.numel() for p in model.parameters()) > 0
    for key in ('train_dataloader', 'test_dataloader', 'test_evaluator', 'optim_wrapper'):
        assert key in cfg, f'{config} has no {key}'
