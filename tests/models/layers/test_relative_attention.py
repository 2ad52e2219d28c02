import pytest
import torch

from dad_plugins.models.layers import relative_position_index
from dad_plugins.registry import MODELS
from dad_plugins.testing import assert_padding_invariant, ragged_masks


def build(embed_dims=16, num_heads=2, **kwargs):
    torch.manual_seed(0)
    attn = MODELS.build(
        dict(
            type='RelativeMultiheadAttention', embed_dims=embed_dims, num_heads=num_heads, **kwargs
        )
    )
    attn.init_weights()
    if attn.rel_key_table is not None:  # larger than the init so that positions matter
        attn.rel_key_table.data.normal_(0, 1)
    if attn.rel_value_table is not None:
        attn.rel_value_table.data.normal_(0, 1)
    return attn.eval()


def naive_attention(attn, x, masks):
    """Shaw et al. with an explicit (T, T, D_h) table for every pair, in both directions."""
    batch, channels, length = x.shape
    tokens = x.transpose(1, 2)

    def heads(linear):
        return linear(tokens).view(batch, length, attn.num_heads, -1).transpose(1, 2)

    q, k, v = heads(attn.query), heads(attn.key), heads(attn.value)
    rows = torch.arange(length)
    distance = (rows[None, :] - rows[:, None]).clamp(
        -attn.max_relative_distance, attn.max_relative_distance
    ) + attn.max_relative_distance  # (T, T): key j relative to query i
    logits = torch.einsum('bhid,bhjd->bhij', q, k)
    if attn.rel_key_table is not None:
        pair_keys = attn.rel_key_table[distance]  # (T, T, D_h)
        logits = logits + torch.einsum('bhid,ijd->bhij', q, pair_keys)
    logits = logits * attn.scale
    logits = logits.masked_fill(~masks[:, None, None, :], float('-inf'))
    weights = logits.softmax(-1)
    out = torch.einsum('bhij,bhjd->bhid', weights, v)
    if attn.rel_value_table is not None:
        pair_values = attn.rel_value_table[distance]  # (T, T, D_h)
        out = out + torch.einsum('bhij,ijd->bhid', weights, pair_values)
    out = attn.proj(out.transpose(1, 2).reshape(batch, length, channels)).transpose(1, 2)
    return out * masks[:, None]


def test_relative_position_index_is_clipped_key_minus_query():
    index = relative_position_index(5, 2)
    assert index.shape == (5, 5)
    assert index[0].tolist() == [2, 3, 4, 4, 4]  # keys after the query, clipped at +2
    assert index[4].tolist() == [0, 0, 0, 1, 2]  # keys before the query, clipped at -2
    assert index.diagonal().eq(2).all()


@pytest.mark.parametrize('relative_values', [False, True])
@pytest.mark.parametrize('length,max_dist', [(1, 3), (7, 2), (13, 4), (9, 40), (6, 0)])
def test_equals_naive_shaw_for_all_pairs(length, max_dist, relative_values):
    attn = build(max_relative_distance=max_dist, relative_values=relative_values)
    x = torch.randn(3, 16, length)
    masks = ragged_masks([length, max(1, length - 3), 1], length)
    torch.testing.assert_close(
        attn(x, masks), naive_attention(attn, x, masks), rtol=1e-4, atol=1e-5
    )


def test_later_keys_use_their_own_relative_rows():
    # Only the relative term differs between keys: one query must prefer the key at +1
    # when a_{+1} is aligned with it, and the key at -1 when a_{-1} is.
    attn = build(embed_dims=4, num_heads=1, max_relative_distance=1)
    with torch.no_grad():
        for linear in (attn.query, attn.key, attn.value, attn.proj):
            linear.weight.copy_(torch.eye(4))
            linear.bias.zero_()
        attn.key.weight.zero_()
        attn.rel_key_table.zero_()
        attn.rel_key_table[2, 0] = 40.0  # distance +1
    x = torch.zeros(1, 4, 3)
    x[0, 0, :] = 1.0  # every query is e_0
    x[0, 1, :] = torch.tensor([0.0, 1.0, 2.0])  # values tell the keys apart
    with torch.no_grad():
        assert attn(x)[0, 1, 1].item() == pytest.approx(2.0, abs=1e-3)  # query 1 -> key 2
        attn.rel_key_table.zero_()
        attn.rel_key_table[0, 0] = 40.0  # distance -1
        assert attn(x)[0, 1, 1].item() == pytest.approx(0.0, abs=1e-3)  # query 1 -> key 0


def test_longer_than_max_relative_distance_and_table_size():
    attn = build(max_relative_distance=4)
    assert attn.rel_key_table.shape == (9, 8)
    x = torch.randn(2, 16, 300)
    masks = ragged_masks([300, 123], 300)
    out = attn(x, masks)
    assert out.shape == (2, 16, 300)
    torch.testing.assert_close(out, naive_attention(attn, x, masks), rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize('relative_values', [False, True])
def test_padding_never_reaches_valid_tokens(relative_values):
    attn = build(relative_values=relative_values, max_relative_distance=3)
    x = torch.randn(2, 16, 11)
    masks = ragged_masks([11, 6], 11)
    assert_padding_invariant(attn, x, masks)


def test_plain_attention_without_relative_keys():
    attn = build(relative_keys=False)
    assert attn.rel_key_table is None
    x = torch.randn(2, 16, 9)
    masks = ragged_masks([9, 4], 9)
    torch.testing.assert_close(
        attn(x, masks), naive_attention(attn, x, masks), rtol=1e-4, atol=1e-5
    )


def test_gradients_and_empty_video():
    attn = build(relative_values=True, max_relative_distance=2)
    attn.train()
    x = torch.randn(2, 16, 7, requires_grad=True)
    masks = ragged_masks([7, 0], 7)
    out = attn(x, masks)
    assert torch.isfinite(out).all()
    out.sum().backward()
    assert attn.rel_key_table.grad.abs().sum() > 0
    assert attn.rel_value_table.grad.abs().sum() > 0
    assert torch.isfinite(x.grad).all() and x.grad[1].abs().sum() == 0


def test_invalid_arguments():
    with pytest.raises(ValueError):
        MODELS.build(dict(type='RelativeMultiheadAttention', embed_dims=10, num_heads=3))
    with pytest.raises(ValueError):
        MODELS.build(
            dict(type='RelativeMultiheadAttention', embed_dims=8, max_relative_distance=-1)
        )


def test_relative_position_index_of_a_block_of_queries():
    index = relative_position_index(6, 2, start=2, stop=4)
    torch.testing.assert_close(index, relative_position_index(6, 2)[2:4])


@pytest.mark.parametrize('relative_values', [False, True])
@pytest.mark.parametrize('block_size', [1, 4, 7])
def test_query_blocks_equal_one_block_outputs_and_gradients(block_size, relative_values):
    whole = build(max_relative_distance=3, relative_values=relative_values, query_block_size=64)
    blocks = build(
        max_relative_distance=3, relative_values=relative_values, query_block_size=block_size
    )
    x = torch.randn(3, 16, 13, requires_grad=True)
    masks = ragged_masks([13, 8, 0], 13)
    weights = torch.randn(3, 16, 13)
    outputs, grads = [], []
    for attn in (whole, blocks):
        out = attn(x, masks)
        params = [attn.rel_key_table, attn.query.weight, attn.value.weight]
        if relative_values:
            params.append(attn.rel_value_table)
        grads.append(torch.autograd.grad((out * weights).sum(), [x, *params]))
        outputs.append(out)
    torch.testing.assert_close(outputs[1], outputs[0], rtol=1e-5, atol=1e-6)
    for got, want in zip(grads[1], grads[0]):
        torch.testing.assert_close(got, want, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize('block_size', [3, 64])
def test_packed_videos_equal_separate_videos(block_size):
    # Two videos packed in one row with sequence ids, padding after them: each gets its own
    # output and gradients, as if run alone.
    attn = build(max_relative_distance=2, relative_values=True, query_block_size=block_size)
    first, second = torch.randn(1, 16, 5), torch.randn(1, 16, 6)
    packed = torch.cat([first, second, torch.zeros(1, 16, 2)], dim=2).requires_grad_()
    ids = torch.tensor([[0] * 5 + [1] * 6 + [2] * 2])
    masks = ragged_masks([11], 13)
    out = attn(packed, masks, sequence_ids=ids)
    (grad_packed,) = torch.autograd.grad(out[..., :11].pow(2).sum(), packed)
    for video, span in ((first, slice(0, 5)), (second, slice(5, 11))):
        video = video.clone().requires_grad_()
        alone = attn(video)
        torch.testing.assert_close(out[..., span], alone, rtol=1e-5, atol=1e-6)
        (grad_alone,) = torch.autograd.grad(alone.pow(2).sum(), video)
        torch.testing.assert_close(grad_packed[..., span], grad_alone, rtol=1e-5, atol=1e-6)


def test_invalid_query_block_size():
    with pytest.raises(ValueError, match='query_block_size'):
        MODELS.build(dict(type='RelativeMultiheadAttention', embed_dims=8, query_block_size=0))
