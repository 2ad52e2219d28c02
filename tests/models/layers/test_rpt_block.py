import pytest
import torch

from dad_plugins.registry import MODELS
from dad_plugins.testing import ragged_masks


@pytest.mark.parametrize('pos_encoding', ['relative', 'absolute', 'none'])
def test_build_forward_masking_and_gradients(pos_encoding):
    torch.manual_seed(0)
    block = MODELS.build(
        dict(
            type='RPTBlock',
            embed_dims=16,
            num_heads=2,
            mlp_ratio=2,
            max_relative_distance=3,
            pos_encoding=pos_encoding,
        )
    )
    block.init_weights()
    assert (block.attn.rel_key_table is not None) == (pos_encoding == 'relative')
    x = torch.randn(3, 16, 10, requires_grad=True)
    masks = ragged_masks([10, 6, 1], 10)
    out = block(x, masks)
    assert out.shape == (3, 16, 10) and out[1, :, 6:].eq(0).all()
    noisy = x.detach().clone()
    noisy[1, :, 6:] = float('nan')
    torch.testing.assert_close(block(noisy, masks), out)
    torch.testing.assert_close(block(x[1:2, :, :6]), out[1:2, :, :6], rtol=1e-4, atol=1e-5)
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
