"""MLAD Table 4: the MultiTHUMOS configs train on variable lengths, one --cfg-options on fixed."""

from pathlib import Path

import numpy as np
import pytest
import torch

from dad_plugins.datasets import dense_collate
from dad_plugins.engine import load_config
from dad_plugins.registry import DATASETS, MODELS

from ...conftest import write_multithumos_videos

REPO = Path(__file__).parents[3]
CONFIGS = sorted(str(path) for path in (REPO / 'configs' / 'mlad').glob('mlad*_multithumos.py'))
# The fixed-length rows of Table 4 in docs/models/mlad.md.
FIXED_96 = {'train_dataloader.dataset.pipeline.2.window_sizes': [96]}
VARIABLE = set(range(16, 129, 16))


@pytest.mark.parametrize('config', CONFIGS, ids=lambda path: Path(path).stem)
def test_the_fixed_length_option_reaches_every_multithumos_config(config):
    window = load_config(config).train_dataloader.dataset.pipeline[2]
    assert window.type == 'RandomLengthTemporalWindow' and set(window.window_sizes) == VARIABLE
    fixed = load_config(config, FIXED_96).train_dataloader.dataset.pipeline[2]
    assert fixed.type == 'RandomLengthTemporalWindow' and fixed.window_sizes == [96]


@pytest.fixture
def multithumos_root(shared_data, tmp_path):
    """Four real MultiTHUMOS training videos with 300 random RGB tokens each."""
    write_multithumos_videos(shared_data, tmp_path, 4)
    return tmp_path


@pytest.mark.parametrize('options, lengths', [({}, VARIABLE), (FIXED_96, {96})])
def test_mlad_multithumos_trains_on_variable_or_fixed_lengths(multithumos_root, options, lengths):
    # A small MLAD (H = 16, L = 1) keeps the training step quick; the lengths are the config's.
    small = {'model.backbone.embed_dims': 16, 'model.head.in_channels': 16}
    cfg = load_config(
        str(REPO / 'configs/mlad/mlad_multithumos.py'),
        {**options, **small, 'model.backbone.num_layers': 1},
        str(multithumos_root),
    )
    dataset = DATASETS.build(cfg.train_dataloader.dataset)
    np.random.seed(0)
    samples = [dataset[index % len(dataset)] for index in range(48)]
    assert {sample['inputs'].shape[-1] for sample in samples} == lengths
    batch = dense_collate(samples[:4], min_length=cfg.train_dataloader.collate_fn.min_length)
    model = MODELS.build(cfg.model)
    losses = model(**model.data_preprocessor(batch, True), mode='loss')
    sum(losses.values()).backward()
    assert all(torch.isfinite(loss) for loss in losses.values())
