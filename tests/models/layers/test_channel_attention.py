import math

import torch

from dad_plugins.registry import MODELS
from dad_plugins.testing import ragged_masks


def build(**kwargs):
    torch.manual_seed(0)
    return MODELS.build(dict(type='ChannelAttention', embed_dims=8, **kwargs)).eval()


def test_equation_2_by_hand():
    attn = build()
    x = torch.randn(1, 8, 6)
    q, k, v = attn.qkv(x[0].t()).t().split(8)  # (D, T) each
    expected = torch.softmax(q @ k.t() / math.sqrt(6), dim=-1) @ v  # (D, T)
    expected = attn.proj(expected.t()).t()
    torch.testing.assert_close(attn(x)[0], expected)


def test_heads_attend_within_channel_groups():
    attn = build(num_heads=2)
    x = torch.randn(1, 8, 5)
    q, k, v = attn.qkv(x[0].t()).t().split(8)
    groups = [
        torch.softmax(q[g] @ k[g].t() / math.sqrt(5), dim=-1) @ v[g]
        for g in (slice(0, 4), slice(4, 8))
    ]
    expected = attn.proj(torch.cat(groups).t()).t()
    torch.testing.assert_close(attn(x)[0], expected)


def test_scale_and_sums_use_only_valid_tokens():
    attn = build()
    x = torch.randn(2, 8, 10)
    masks = ragged_masks([10, 6])
    out = attn(x, masks)
    assert out[1, :, 6:].eq(0).all()
    noisy = x.clone()
    noisy[1, :, 6:] = 1e6
    torch.testing.assert_close(attn(noisy, masks), out)
    torch.testing.assert_close(attn(x[1:, :, :6]), out[1:, :, :6], rtol=1e-4, atol=1e-5)
