import math

import pytest
import torch

from dad_plugins.models.layers.deformable_attention_1d import token_centres
from dad_plugins.registry import MODELS
from dad_plugins.testing import ragged_masks


def naive_deformable_attention(attn, query, reference, values, masks):
    """Eq. (1) by loops over samples, queries, heads, levels and points."""
    batch, num_queries, dims = query.shape
    heads, levels, points = attn.num_heads, attn.num_levels, attn.num_points
    head_dims = dims // heads
    offsets = attn.sampling_offsets(query).view(batch, num_queries, heads, levels * points)
    logits = attn.attention_weights(query).view(batch, num_queries, heads, levels * points)
    weights = logits.softmax(-1)
    projected = [
        attn.value_proj(v.transpose(1, 2)) * m[..., None] for v, m in zip(values, masks)
    ]  # (B, T_l, D)
    out = torch.zeros(batch, num_queries, dims, dtype=query.dtype)
    for b in range(batch):
        for q in range(num_queries):
            for m in range(heads):
                acc = torch.zeros(head_dims, dtype=query.dtype)
                for lv in range(levels):
                    length = int(masks[lv][b].sum())
                    value = projected[lv][b, :, m * head_dims : (m + 1) * head_dims]
                    for k in range(points):
                        offset = offsets[b, q, m, lv * points + k]
                        if reference.shape[-1] == 1:
                            loc = reference[b, q, 0] + offset / length
                        else:
                            loc = reference[b, q, 0] + offset / points * reference[b, q, 1] / 2
                        pos = float(loc.detach()) * length - 0.5  # continuous token index
                        low = math.floor(pos)
                        frac = pos - low
                        sample = torch.zeros(head_dims, dtype=query.dtype)
                        for index, w in ((low, 1 - frac), (low + 1, frac)):
                            if 0 <= index < value.shape[0]:
                                sample = sample + w * value[index]
                        acc = acc + weights[b, q, m, lv * points + k] * sample
                out[b, q, m * head_dims : (m + 1) * head_dims] = acc
    return attn.output_proj(out)


def randomise(attn, seed=0):
    gen = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for param in attn.parameters():
            param.copy_(torch.randn(param.shape, generator=gen) * 0.5)


@pytest.mark.parametrize('ref_dims', [1, 2])
@pytest.mark.parametrize('lengths', [[(12, 7)], [(12, 7), (6, 4)]])
def test_equals_naive_loop(ref_dims, lengths):
    torch.manual_seed(0)
    dims, heads, points = 8, 2, 3
    attn = MODELS.build(
        dict(
            type='DeformableAttention1D',
            embed_dims=dims,
            num_heads=heads,
            num_levels=len(lengths),
            num_points=points,
        )
    ).double()
    randomise(attn)
    values, masks = [], []
    for total, valid_second in lengths:
        values.append(torch.randn(2, dims, total, dtype=torch.float64))
        masks.append(ragged_masks([total, valid_second]))
    query = torch.randn(2, 5, dims, dtype=torch.float64)
    reference = torch.rand(2, 5, ref_dims, dtype=torch.float64)
    fast = attn(query, reference, values, masks)
    slow = naive_deformable_attention(attn, query, reference, values, masks)
    assert fast.shape == (2, 5, dims)
    torch.testing.assert_close(fast, slow)


def test_padding_never_reaches_real_queries():
    torch.manual_seed(1)
    attn = MODELS.build(dict(type='DeformableAttention1D', embed_dims=8, num_heads=2))
    randomise(attn, seed=3)
    value = torch.randn(1, 8, 10)
    masks = [torch.arange(10)[None] < 6]
    query, reference = torch.randn(1, 4, 8), torch.rand(1, 4, 1)
    out = attn(query, reference, [value], masks)
    noisy = value.clone()
    noisy[..., 6:] = 1e3
    torch.testing.assert_close(attn(query, reference, [noisy], masks), out)
    # The same video without any padding gives the same result.
    torch.testing.assert_close(attn(query, reference, [value[..., :6]], [masks[0][:, :6]]), out)


def test_gradients_reach_offsets_and_weights():
    attn = MODELS.build(dict(type='DeformableAttention1D', embed_dims=8, num_heads=2))
    randomise(attn)
    masks = [torch.ones(2, 9, dtype=torch.bool)]
    out = attn(torch.randn(2, 3, 8), torch.rand(2, 3, 2), [torch.randn(2, 8, 9)], masks)
    out.sum().backward()
    assert attn.sampling_offsets.weight.grad.abs().sum() > 0
    assert attn.attention_weights.weight.grad.abs().sum() > 0


def test_initial_offsets_spread_over_points():
    attn = MODELS.build(dict(type='DeformableAttention1D', embed_dims=8, num_heads=4, num_points=2))
    bias = attn.sampling_offsets.bias.view(4, 1, 2)
    torch.testing.assert_close(bias[0, 0], torch.tensor([1.0, 2.0]))
    torch.testing.assert_close(bias[1, 0], torch.tensor([-1.0, -2.0]))


def test_bad_reference_and_levels_raise():
    attn = MODELS.build(dict(type='DeformableAttention1D', embed_dims=8, num_heads=2))
    masks = [torch.ones(1, 4, dtype=torch.bool)]
    with pytest.raises(ValueError, match='reference'):
        attn(torch.randn(1, 2, 8), torch.rand(1, 2, 3), [torch.randn(1, 8, 4)], masks)
    with pytest.raises(ValueError, match='levels'):
        attn(torch.randn(1, 2, 8), torch.rand(1, 2, 1), [torch.randn(1, 8, 4)] * 2, masks * 2)
    with pytest.raises(ValueError, match='divisible'):
        MODELS.build(dict(type='DeformableAttention1D', embed_dims=6, num_heads=4))


def test_token_centres():
    masks = torch.tensor([[True] * 6 + [False] * 2])
    torch.testing.assert_close(token_centres(masks)[0, :2], torch.tensor([0.5 / 6, 1.5 / 6]))
