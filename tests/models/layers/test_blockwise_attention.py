import pytest
import torch

from dad_plugins.models.layers import blockwise_attention
from dad_plugins.testing import ragged_masks


def inputs(batch=2, heads=3, length=11, dims=4, keys=None):
    generator = torch.Generator().manual_seed(0)
    keys = length if keys is None else keys
    query = torch.randn(batch, heads, length, dims, generator=generator, requires_grad=True)
    key = torch.randn(batch, heads, keys, dims, generator=generator, requires_grad=True)
    value = torch.randn(batch, heads, keys, dims + 1, generator=generator, requires_grad=True)
    return query, key, value


def reference(query, key, value, allowed, bias=None):
    """softmax(q k^T + bias) v with the whole (T_q, T_k) logits, -inf on keys not allowed."""
    logits = query @ key.transpose(-2, -1)
    if bias is not None:
        logits = logits + bias
    return logits.masked_fill(~allowed, float('-inf')).softmax(-1) @ value


def gradients(out, *tensors):
    weights = torch.randn(out.shape, generator=torch.Generator().manual_seed(1))
    return torch.autograd.grad((out * weights).sum(), tensors)


@pytest.mark.parametrize('block_size', [1, 3, 4, 11, 64])
def test_blocks_equal_whole_attention_outputs_and_gradients(block_size):
    query, key, value = inputs()
    table = torch.randn(3, 11, 11, requires_grad=True)  # (H, T_q, T_k) position bias
    masks = ragged_masks([11, 7], 11)

    def bias(block, start):
        return table[None, :, start : start + block.shape[2]]

    out = blockwise_attention(
        query, key, value, key_masks=masks, logit_bias=bias, block_size=block_size
    )
    expected = reference(query, key, value, masks[:, None, None, :], table[None])
    torch.testing.assert_close(out, expected, rtol=1e-5, atol=1e-6)
    tensors = (query, key, value, table)
    for got, want in zip(gradients(out, *tensors), gradients(expected, *tensors)):
        torch.testing.assert_close(got, want, rtol=1e-5, atol=1e-6)


def test_weighted_output_gets_the_weights_and_first_query_of_its_block():
    query, key, value = inputs(length=9)
    extra = torch.randn(9, 5, requires_grad=True)  # (T_k, D_v)
    per_query = torch.randn(9, 5)  # (T_q, D_v)

    def weighted(attn, start):  # (B, H, Q, T_k) -> (B, H, Q, D_v)
        return attn @ extra + per_query[start : start + attn.shape[2]]

    whole = blockwise_attention(query, key, value, weighted_output=weighted, block_size=9)
    blocks = blockwise_attention(query, key, value, weighted_output=weighted, block_size=2)
    torch.testing.assert_close(
        whole,
        reference(query, key, value, torch.tensor(True))
        + weighted((query @ key.transpose(-2, -1)).softmax(-1), 0),
    )
    torch.testing.assert_close(blocks, whole)
    for got, want in zip(gradients(blocks, extra, query), gradients(whole, extra, query)):
        torch.testing.assert_close(got, want)


def test_sequence_ids_attend_within_their_sequence_only():
    query, key, value = inputs(batch=1, length=10)
    ids = torch.tensor([[0, 0, 0, 1, 1, 1, 1, 2, 2, 2]])
    packed = blockwise_attention(query, key, value, sequence_ids=ids, block_size=4)
    for seq in range(3):
        keep = ids[0] == seq
        alone = blockwise_attention(query[:, :, keep], key[:, :, keep], value[:, :, keep])
        torch.testing.assert_close(packed[:, :, keep], alone)


def test_cross_attention_lengths_and_empty_rows():
    query, key, value = inputs(length=6, keys=9)
    masks = ragged_masks([9, 0], 9)  # the second row has no valid key
    with torch.no_grad():
        out = blockwise_attention(query, key, value, key_masks=masks, block_size=4)
    assert out.shape == (2, 3, 6, 5)
    expected = reference(query[:1], key[:1], value[:1], masks[:1, None, None, :])
    torch.testing.assert_close(out[:1], expected, rtol=1e-5, atol=1e-6)
    # Without any valid key the weights are uniform, never NaN.
    torch.testing.assert_close(out[1], value[1].mean(1, keepdim=True).expand(3, 6, 5))


def test_invalid_block_size():
    with pytest.raises(ValueError, match='block_size'):
        blockwise_attention(*inputs(), block_size=0)
