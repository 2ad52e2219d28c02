"""Every config loads, builds its model and runs the loss, predict and tensor modes."""

import ast
from pathlib import Path

import pytest
import torch
from mmengine.config import Config

from dad_plugins.registry import MODELS
from dad_plugins.testing import (
    config_feat_dims,
    config_num_classes,
    config_num_sub_classes,
    demo_data_samples,
    demo_inputs,
    write_text_embeddings,
)

REPO = Path(__file__).resolve().parents[1]
# Model configs; configs/extractors/ holds feature extractor settings, not models.
CONFIGS = sorted(
    str(path.relative_to(REPO))
    for path in (REPO / 'configs').rglob('*.py')
    if '_base_' not in path.parts and 'extractors' not in path.parts
)
# Two videos of ragged lengths, long enough for every pyramid level and local attention window.
LENGTHS = (40, 23)
FEATURE_RATE = 2.0


@pytest.fixture(autouse=True)
def few_threads():
    """The models are tiny at these lengths: more threads cost more than they give."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def tensors(output) -> list:
    """Every leaf of a nest of tuples, lists and dicts."""
    if isinstance(output, dict):
        return [leaf for value in output.values() for leaf in tensors(value)]
    if isinstance(output, (tuple, list)):
        return [leaf for value in output for leaf in tensors(value)]
    return [output]


def test_configs_are_found():
    names = {Path(config).name for config in CONFIGS}
    for method in ('asl', 'baseline', 'dualdetr', 'mlad', 'pat', 'refdense'):
        assert f'{method}_synthetic.py' in names
    assert any(config.startswith('configs/mixed/') for config in CONFIGS)


def base_files(config: Path) -> list[Path]:
    """The files that a config's ``_base_`` names, resolved against the config's folder."""
    for node in ast.parse(config.read_text()).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == '_base_' for target in node.targets
        ):
            names = ast.literal_eval(node.value)
            names = [names] if isinstance(names, str) else names
            return [(config.parent / name).resolve() for name in names]
    return []


@pytest.mark.parametrize('config', CONFIGS)
def test_config_inherits_no_chain_of_leaf_configs(config):
    """A variant inherits a method's config, which inherits only _base_/ files."""
    for base in base_files(REPO / config):
        if '_base_' in base.parts:
            continue
        leaves = [path for path in base_files(base) if '_base_' not in path.parts]
        assert not leaves, (
            f'{config} inherits {base.relative_to(REPO)}, which inherits '
            f'{leaves[0].relative_to(REPO)}: inherit the method config, not a variant of it'
        )


@pytest.mark.parametrize('config', CONFIGS)
def test_config_builds_and_runs_every_mode(config, tmp_path):
    cfg = Config.fromfile(REPO / config)
    assert cfg.default_scope == 'dad_plugins'
    for key in ('train_dataloader', 'test_dataloader', 'test_evaluator', 'optim_wrapper'):
        assert key in cfg, f'{config} has no {key}'
    # CoLV configs read cached class text embeddings, which the datasets' set-up writes.
    uses_text = bool(write_text_embeddings(cfg, tmp_path))
    assert uses_text == ('colv' in config or 'refdense_' in config and 'alone' not in config)
    torch.manual_seed(0)
    model = MODELS.build(cfg.model)
    num_classes = config_num_classes(cfg)
    batch = demo_inputs(LENGTHS, config_feat_dims(cfg))

    def data_samples():
        return demo_data_samples(
            LENGTHS,
            num_classes,
            feature_rate=FEATURE_RATE,
            num_sub_classes=config_num_sub_classes(cfg),
        )

    losses = model(**batch, data_samples=data_samples(), mode='loss')
    losses = {name: value for name, value in losses.items() if 'loss' in name}
    assert losses and all(loss.isfinite() and loss.requires_grad for loss in losses.values())
    sum(losses.values()).backward()
    assert any(p.grad is not None and p.grad.abs().sum() > 0 for p in model.parameters())

    model.eval()
    with torch.no_grad():
        predictions = model(**batch, data_samples=data_samples(), mode='predict')
        outputs = model(**batch, mode='tensor')
    assert len(predictions) == len(LENGTHS)
    for prediction, length in zip(predictions, LENGTHS):
        scores = prediction.pred_frame_scores
        assert scores.shape == (length, num_classes)
        assert scores.min() >= 0 and scores.max() <= 1
        instances = prediction.pred_instances
        segments, labels, scores = instances.segments, instances.labels, instances.scores
        assert segments.ndim == 2 and segments.shape[1] == 2
        assert len(labels) == len(scores) == len(segments)
        duration = prediction.metainfo['duration']
        assert ((segments >= 0) & (segments <= duration + 1e-5)).all()
        assert (segments[:, 0] <= segments[:, 1]).all()
        assert ((labels >= 0) & (labels < num_classes)).all()
        assert ((scores >= 0) & (scores <= 1)).all()
    assert all(isinstance(leaf, torch.Tensor) for leaf in tensors(outputs))
