import pytest
import torch

from dad_plugins.registry import MODELS
from dad_plugins.testing import (
    TINY_ATTENTION,
    assert_padding_invariant,
    build_module,
    ragged_masks,
)


@pytest.mark.parametrize('stride,pos_encoding', [(1, 'relative'), (4, 'absolute'), (2, 'none')])
def test_strided_stage_is_padding_invariant(stride, pos_encoding):
    cfg = dict(TINY_ATTENTION, type='RPTStage', in_channels=6, embed_dims=8, num_blocks=2)
    stage = build_module(cfg, stride=stride, max_relative_distance=2, pos_encoding=pos_encoding)
    stage.init_weights()
    x = torch.randn(2, 6, 13)
    masks = ragged_masks([13, 7], 13)
    out, out_masks = stage(x, masks)
    assert out.shape == (2, 8, -(-13 // stride))
    num_valid = -(-7 // stride)
    assert out_masks[1].sum() == num_valid and out[1, :, num_valid:].eq(0).all()
    alone, alone_masks = stage(x[1:, :, :7])
    assert alone_masks is None and alone.shape[-1] == num_valid
    assert_padding_invariant(lambda feats, masks: stage(feats, masks)[0], x, masks)


def test_projection_only_stage():
    stage = MODELS.build(dict(type='RPTStage', in_channels=6, embed_dims=8, num_blocks=0))
    out, _ = stage(torch.randn(1, 6, 5))
    assert out.shape == (1, 8, 5) and stage.out_norm is None
