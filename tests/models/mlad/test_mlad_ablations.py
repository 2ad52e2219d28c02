"""Every MLAD ablation row documented in docs/models/mlad.md trains a step from cfg-options."""

from pathlib import Path

import pytest
import torch
from mmengine.config import Config

from dad_plugins.registry import MODELS
from dad_plugins.testing import demo_data_samples, demo_inputs

CONFIG = Path(__file__).parents[3] / 'configs' / 'mlad' / 'mlad_synthetic.py'
ABLATIONS = {
    'layers-1': {'backbone.num_layers': 1},
    # Table 1 "CF baseline", Table 5 "No CB, No TB": one set of per-class classifiers on the
    # class-level features, no second set trained on the same features.
    'no-cb-no-tb': {'backbone.num_layers': 0, 'head.initial_loss_weight': 0},
    'only-cb': {'backbone.temporal': False},
    'only-tb': {'backbone.cooccurrence': False},
    'fixed-alpha': {'backbone.learn_alpha': False},
    'no-initial-loss': {'head.initial_loss_weight': 0},
    # Table S4: one (C T) x (C T) attention instead of the two branches.
    'fc-baseline-1': {'backbone.full_attention': True, 'backbone.num_layers': 1},
    'fc-baseline-3': {'backbone.full_attention': True, 'backbone.num_layers': 3},
}


def build(name):
    cfg = Config.fromfile(CONFIG)
    cfg.merge_from_dict({f'model.{key}': value for key, value in ABLATIONS[name].items()})
    torch.manual_seed(0)
    return cfg, MODELS.build(cfg.model)


@pytest.mark.parametrize('name', ABLATIONS)
def test_ablation_trains_a_step(name):
    cfg, model = build(name)
    lengths = (24, 11)
    data_samples = demo_data_samples(lengths, cfg.num_classes, feature_rate=1.0)
    losses = model(**demo_inputs(lengths, cfg.feat_dim), data_samples=data_samples, mode='loss')
    sum(losses.values()).backward()
    assert all(torch.isfinite(loss) for loss in losses.values())
    has_initial = ABLATIONS[name].get('head.initial_loss_weight', 1) > 0
    assert ('loss_initial' in losses) == has_initial


def test_fc_baseline_layers_have_one_attention_each():
    _, model = build('fc-baseline-3')
    assert len(model.backbone.layers) == 3
    for layer in model.backbone.layers:
        assert layer.full_attention is not None
        assert layer.cooccurrence is None and layer.temporal is None


def test_no_cb_no_tb_has_one_classifier_on_the_class_level_features():
    _, model = build('no-cb-no-tb')
    assert len(model.backbone.layers) == 0
    assert model.head.initial_classifier is None
    trainable = {name.split('.')[0] for name, p in model.named_parameters() if p.requires_grad}
    assert trainable == {'backbone', 'head'}
    assert [name for name, _ in model.head.named_parameters()] == [
        'classifier.weight',
        'classifier.bias',
    ]
