import pytest
import torch

from dad_plugins.testing import assert_padding_invariant, build_module, ragged_masks


def build(**kwargs):
    cfg = dict(type='LocalMultiheadAttention', embed_dims=16, num_heads=2)
    return build_module(cfg, **kwargs).eval()


def banded_attention(attn, x, masks, window):
    """Full (T, T) attention with an explicit band |j - i| <= window // 2 and key mask."""
    batch, channels, length = x.shape
    query, key, value = attn._heads(x * masks[:, None], masks)
    logits = torch.einsum('bhid,bhjd->bhij', query, key) * attn.scale
    rows = torch.arange(length)
    band = (rows[None, :] - rows[:, None]).abs() <= window // 2
    logits = logits.masked_fill(~(band[None, None] & masks[:, None, None, :]), float('-inf'))
    out = torch.einsum('bhij,bhjd->bhid', logits.softmax(-1), value)
    out = attn.proj(out.transpose(1, 2).reshape(batch, length, channels)).transpose(1, 2)
    return torch.where(masks[:, None], out, 0.0)  # padded queries may have no key at all


@pytest.mark.parametrize('conv_qkv', [True, False])
@pytest.mark.parametrize('window', [1, 3, 7])
def test_window_equals_banded_full_attention(window, conv_qkv):
    attn = build(window_size=window, conv_qkv=conv_qkv)
    x = torch.randn(3, 16, 23)
    masks = ragged_masks([23, 11, 4], 23)
    torch.testing.assert_close(attn(x, masks), banded_attention(attn, x, masks, window))


@pytest.mark.parametrize('block_size', [2, 64])
def test_large_window_is_global_attention(block_size):
    x = torch.randn(2, 16, 9)
    masks = ragged_masks([9, 5], 9)
    wide, full = build(window_size=17), build(window_size=None, query_block_size=block_size)
    torch.testing.assert_close(wide(x, masks), full(x, masks))
    torch.testing.assert_close(full(x, masks), banded_attention(full, x, masks, 17))


@pytest.mark.parametrize('window', [None, 5])
def test_padding_never_reaches_valid_tokens(window):
    attn = build(window_size=window)
    x = torch.randn(2, 16, 20)
    masks = ragged_masks([20, 13], 20)
    assert_padding_invariant(attn, x, masks)


@pytest.mark.parametrize('window', [0, 4])
def test_window_must_be_odd(window):
    with pytest.raises(ValueError, match='odd'):
        build(window_size=window)
