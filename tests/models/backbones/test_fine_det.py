import pytest
import torch

from dad_plugins.registry import MODELS
from dad_plugins.testing import (
    TINY_ATTENTION,
    assert_padding_invariant,
    build_module,
    ragged_masks,
)


def build(**kwargs):
    cfg = dict(
        TINY_ATTENTION, type='FineDet', in_channels=12, num_blocks=2, max_relative_distance=4
    )
    backbone = build_module(cfg, **kwargs)
    backbone.init_weights()
    return backbone


@pytest.mark.parametrize('pos_encoding', ['relative', 'absolute', 'none'])
def test_shapes_masking_and_gradients(pos_encoding):
    backbone = build(pos_encoding=pos_encoding)
    x = torch.randn(3, 12, 37, requires_grad=True)  # T not a power of two, > 2K + 1
    masks = ragged_masks([37, 20, 3], 37)
    fine, out_masks = backbone(x, masks)
    assert fine.shape == (3, 16, 37) and out_masks is masks
    assert_padding_invariant(lambda feats, masks: backbone(feats, masks)[0], x, masks)
    fine.sum().backward()
    assert x.grad[1, :, 20:].eq(0).all()
    assert all(p.grad is not None for p in backbone.parameters())


def test_return_inputs_for_net_v1():
    backbone = build(return_inputs=True)
    x = torch.randn(2, 12, 9)
    masks = ragged_masks([9, 4], 9)
    (fine, inputs), _ = backbone(x, masks)
    assert fine.shape == (2, 16, 9) and inputs.shape == (2, 12, 9)
    torch.testing.assert_close(inputs[0], x[0])
    assert inputs[1, :, 4:].eq(0).all()


def test_default_config_sizes_and_projection_only():
    backbone = MODELS.build(dict(type='FineDet', in_channels=1024))
    assert len(backbone.stage.blocks) == 3
    assert backbone.stage.conv.conv.weight.shape == (512, 1024, 3)
    assert backbone.stage.blocks[0].attn.num_heads == 8
    assert backbone.stage.blocks[0].attn.rel_key_table.shape == (511, 64)
    assert build(num_blocks=0)(torch.randn(1, 12, 5))[0].shape == (1, 16, 5)
