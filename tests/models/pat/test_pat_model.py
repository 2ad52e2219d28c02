"""PAT as configured: Charades-shaped forward/backward and full-video inference past the window."""

from pathlib import Path

import torch
from mmengine.config import Config

from dad_plugins.registry import MODELS
from dad_plugins.testing import demo_data_samples

CONFIGS = Path(__file__).parents[3] / 'configs' / 'pat'


def test_pat_charades_forward_backward_on_charades_shaped_features():
    cfg = Config.fromfile(CONFIGS / 'pat_charades.py')
    model = MODELS.build(cfg.model)
    inputs = torch.randn(1, 1024, 256)
    masks = torch.ones(1, 256, dtype=torch.bool)
    losses = model.detector(
        inputs, demo_data_samples([256], 157, feature_rate=3.0), mode='loss', masks=masks
    )
    losses['loss_cls'].backward()
    grads = [p.grad for p in model.detector.backbone.parameters() if p.requires_grad]
    assert all(g is not None and torch.isfinite(g).all() for g in grads)
    assert model.detector.class_projection.weight.grad is None  # frozen Vid-CLAS


def test_full_video_inference_longer_than_the_training_window():
    cfg = Config.fromfile(CONFIGS / 'pat_synthetic.py')
    model = MODELS.build(cfg.model).eval()
    window = cfg.window_size
    length = 3 * window + 5  # relative distances far past the table: clipped, not wrapped
    with torch.no_grad():
        (prediction,) = model.val_step(
            dict(
                inputs=torch.randn(1, cfg.feat_dim, length),
                data_samples=demo_data_samples([length], cfg.num_classes, feature_rate=3.0),
            )
        )
    scores = prediction.pred_frame_scores
    assert scores.shape == (length, cfg.num_classes) and torch.isfinite(scores).all()
