"""Every attention model predicts the same with small attention query blocks as with one block."""

from pathlib import Path

import pytest
import torch
from mmengine.config import Config

from dad_plugins.registry import MODELS
from dad_plugins.testing import (
    config_feat_dims,
    config_num_classes,
    demo_data_samples,
    demo_inputs,
    write_text_embeddings,
)

REPO = Path(__file__).resolve().parents[2]
CONFIGS = (
    'configs/pat/pat_synthetic.py',  # relative attention, Fine-Det + Coarse-Det
    'configs/refdense/refdense_synthetic.py',  # relative attention + cross-attention
    'configs/asl/asl_synthetic.py',  # global temporal attention (window_size=None)
    'configs/mixed/dualdetr_pat-finedet_synthetic.py',  # relative attention under DualDETR
)
LENGTHS = (40, 23)


def set_query_block_size(model: torch.nn.Module, size: int) -> int:
    """Set ``query_block_size`` of every attention module; return how many have one."""
    modules = [module for module in model.modules() if hasattr(module, 'query_block_size')]
    for module in modules:
        module.query_block_size = size
    return len(modules)


@pytest.mark.parametrize('config', CONFIGS)
def test_predictions_do_not_depend_on_query_blocks(config, tmp_path):
    cfg = Config.fromfile(REPO / config)
    write_text_embeddings(cfg, tmp_path)
    torch.manual_seed(0)
    model = MODELS.build(cfg.model)
    model = getattr(model, 'detector', model).eval()
    batch = demo_inputs(LENGTHS, config_feat_dims(cfg))
    predictions = []
    for size in (max(LENGTHS), 7):  # one block (the plain computation), then several
        assert set_query_block_size(model, size) > 0
        samples = demo_data_samples(LENGTHS, config_num_classes(cfg), feature_rate=2.0)
        with torch.no_grad():
            predictions.append(model(**batch, data_samples=samples, mode='predict'))
    for whole, blocks in zip(*predictions):
        torch.testing.assert_close(
            blocks.pred_frame_scores, whole.pred_frame_scores, rtol=1e-5, atol=1e-5
        )
