import pytest
import torch

from dad_plugins.testing import build_module, ragged_masks


def build(**kwargs):
    cfg = dict(type='DeformableEncoder', in_channels=6, embed_dims=16, num_heads=4, ffn_dims=32)
    return build_module(cfg, **kwargs).eval()


def test_shapes_and_zero_padding():
    encoder = build()
    masks = ragged_masks([12, 7])
    out, out_masks = encoder(torch.randn(2, 6, 12), masks)
    assert out.shape == (2, 16, 12) and torch.equal(out_masks, masks)
    assert out[1, :, 7:].abs().sum() == 0


def test_valid_tokens_do_not_depend_on_padding():
    torch.manual_seed(0)
    encoder = build(num_layers=2)
    x = torch.randn(1, 6, 9)
    alone, _ = encoder(x, torch.ones(1, 9, dtype=torch.bool))
    padded = torch.cat([x, torch.randn(1, 6, 5) * 50], dim=-1)
    masks = torch.arange(14)[None] < 9
    padded_out, _ = encoder(padded, masks)
    torch.testing.assert_close(padded_out[..., :9], alone, atol=1e-5, rtol=1e-5)


def test_pyramid_levels():
    encoder = build(num_levels=2)
    masks = ragged_masks([8, 5])
    (fine, coarse), level_masks = encoder([torch.randn(2, 6, 8), torch.randn(2, 6, 4)], masks)
    assert level_masks[1].sum(1).tolist() == [4, 3]
    assert fine.shape == (2, 16, 8) and coarse.shape == (2, 16, 4)
    assert coarse[1, :, 3:].abs().sum() == 0  # level mask: ceil(5 / 2) = 3 tokens
    with pytest.raises(ValueError, match='levels'):
        encoder(torch.randn(2, 6, 8), masks)


def test_backward():
    encoder = build(dropout=0.1).train()
    encoder(torch.randn(2, 6, 10))[0].sum().backward()
    assert encoder.input_proj[0].weight.grad is not None
