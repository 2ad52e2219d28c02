import pytest
import torch

from dad_plugins.registry import MODELS
from dad_plugins.testing import (
    TINY_ATTENTION,
    assert_padding_invariant,
    build_module,
    ragged_masks,
)


@pytest.mark.parametrize('pos_encoding', ['relative', 'absolute', 'none'])
def test_build_forward_masking_and_gradients(pos_encoding):
    cfg = dict(TINY_ATTENTION, type='RPTBlock', max_relative_distance=3)
    block = build_module(cfg, pos_encoding=pos_encoding)
    block.init_weights()
    assert (block.attn.rel_key_table is not None) == (pos_encoding == 'relative')
    x = torch.randn(3, 16, 10, requires_grad=True)
    masks = ragged_masks([10, 6, 1], 10)
    out = block(x, masks)
    assert out.shape == (3, 16, 10)
    assert_padding_invariant(block, x, masks)
    out.sum().backward()
    assert x.grad[1, :, 6:].eq(0).all()
    assert all(p.grad is not None for p in block.parameters())


def test_relative_values_and_invalid_options():
    block = MODELS.build(dict(type='RPTBlock', embed_dims=8, num_heads=2, relative_values=True))
    assert block.attn.rel_value_table is not None
    with pytest.raises(ValueError):
        MODELS.build(dict(type='RPTBlock', embed_dims=8, pos_encoding='rotary'))
    with pytest.raises(ValueError):
        MODELS.build(dict(type='RPTBlock', embed_dims=8, pos_encoding='none', relative_values=True))
