"""Every PAT ablation row documented in docs/models/pat.md builds and runs from cfg-options."""

from pathlib import Path

import pytest
import torch
from mmengine.config import Config
from mmengine.registry import OPTIM_WRAPPER_CONSTRUCTORS

from dad_plugins.registry import MODELS
from dad_plugins.testing import demo_data_samples, demo_inputs

CONFIG = Path(__file__).parents[3] / 'configs' / 'pat' / 'pat_synthetic.py'
POS_NONE = {
    f'{key}.pos_encoding': 'none' for key in ('detector.backbone', 'detector.neck', 'label_encoder')
}
# Table 3, no Fine-Det and no Coarse-Det: Vid-CLAS on the input tokens, brought to the
# classifier's width by Fine-Det's input projection alone (no RPT block).
NEITHER = {
    'detector.backbone.num_blocks': 0,
    'detector.neck': None,
    'detector.head.branch_weights': (1.0,),
}
ABLATIONS = {
    'branches-1': {'detector.neck.num_branches': 1},
    'branches-4': {'detector.neck.num_branches': 4},
    'fine-only': {'detector.neck': None, 'detector.head.branch_weights': (1.0,)},
    'coarse-only': {'detector.backbone.num_blocks': 0, 'detector.head.branch_weights': (0.0, 1.0)},
    'neither': NEITHER,
    'neither-no-assistant': {**NEITHER, 'use_assistant': False},
    'net-v1': {
        'detector.backbone.return_inputs': True,
        'detector.neck.input_source': 'input',
        'detector.neck.in_channels': 64,
    },
    'no-assistant': {'use_assistant': False},
    'net-v2': {'detector.neck.hierarchical': True},
    'no-pos': POS_NONE,
    'absolute-pos': {key: 'absolute' for key in POS_NONE},
    'bce': {
        f'{loss}.{key}': 0
        for loss in ('detector.head.loss_cls', 'loss_assistant')
        for key in ('gamma_pos', 'gamma_neg', 'clip')
    },
}


@pytest.mark.parametrize('name', ABLATIONS)
def test_ablation_builds_and_predicts(name):
    cfg = Config.fromfile(CONFIG)
    cfg.merge_from_dict({f'model.{key}': value for key, value in ABLATIONS[name].items()})
    model = MODELS.build(cfg.model).eval()
    inputs = torch.randn(2, cfg.feat_dim, 37)
    masks = torch.arange(37)[None] < torch.tensor([[37], [20]])
    with torch.no_grad():
        videos = model.detector.predict_videos(inputs, masks, {})
    assert [video.frame_scores.shape for video in videos] == [
        (37, cfg.num_classes),
        (20, cfg.num_classes),
    ]
    assert all(torch.isfinite(video.frame_scores).all() for video in videos)


@pytest.mark.parametrize('name', ['neither', 'neither-no-assistant'])
def test_neither_row_trains_a_step(name):
    cfg = Config.fromfile(CONFIG)
    cfg.merge_from_dict({f'model.{key}': value for key, value in ABLATIONS[name].items()})
    model = MODELS.build(cfg.model)
    assert model.detector.neck is None and len(model.detector.backbone.stage.blocks) == 0
    optim_wrapper = dict(cfg.optim_wrapper)
    constructor = f'dad_plugins.{optim_wrapper.pop("constructor")}'
    wrappers = OPTIM_WRAPPER_CONSTRUCTORS.build(
        dict(type=constructor, optim_wrapper_cfg=optim_wrapper)
    )(model)
    lengths = (30, 17)
    batch = dict(
        **demo_inputs(lengths, cfg.feat_dim),
        data_samples=demo_data_samples(lengths, cfg.num_classes, feature_rate=1.0),
    )
    projection = model.detector.backbone.stage.conv.conv.weight.clone()
    log_vars = model.train_step(batch, wrappers)
    assert torch.isfinite(log_vars['loss'])
    assert ('loss_assistant' in log_vars) == model.use_assistant
    assert not torch.equal(model.detector.backbone.stage.conv.conv.weight, projection)
