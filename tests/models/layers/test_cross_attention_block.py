import pytest
import torch

from dad_plugins.models.layers import CrossAttentionBlock, RPTStage
from dad_plugins.testing import ragged_masks


def test_shapes_with_query_and_context_of_different_lengths():
    block = CrossAttentionBlock(embed_dims=8, context_channels=6, num_heads=2)
    x, context = torch.randn(2, 8, 5), torch.randn(2, 6, 11)
    out = block(x, context, ragged_masks([5, 3], 5), ragged_masks([11, 6], 11))
    assert out.shape == (2, 8, 5)
    assert (out[1, :, 3:] == 0).all()  # padded queries stay zero


def test_padded_context_tokens_are_never_attended():
    torch.manual_seed(0)
    block = CrossAttentionBlock(embed_dims=8, context_channels=6, num_heads=2).eval()
    x, context = torch.randn(1, 8, 4), torch.randn(1, 6, 7)
    context_masks = ragged_masks([5], 7)
    changed = context.clone()
    changed[..., 5:] = 1e3 * torch.randn(1, 6, 2)
    out = block(x, context, context_masks=context_masks)
    assert torch.allclose(out, block(x, changed, context_masks=context_masks), atol=1e-6)
    # and the unmasked context does matter
    assert not torch.allclose(out, block(x, changed), atol=1e-3)


def test_equals_masked_attention_computed_by_hand():
    torch.manual_seed(1)
    block = CrossAttentionBlock(embed_dims=4, context_channels=3, num_heads=1).eval()
    x, context = torch.randn(1, 4, 2), torch.randn(1, 3, 5)
    context_masks = ragged_masks([3], 5)
    attn = block.attn
    q = block.query_norm(x.transpose(1, 2)) @ attn.q_proj_weight.t() + attn.in_proj_bias[:4]
    memory = block.context_norm(context.transpose(1, 2))[:, :3]
    k = memory @ attn.k_proj_weight.t() + attn.in_proj_bias[4:8]
    v = memory @ attn.v_proj_weight.t() + attn.in_proj_bias[8:]
    weights = torch.softmax(q @ k.transpose(1, 2) / 2.0, dim=-1)  # sqrt(4) = 2
    expected = x.transpose(1, 2) + attn.out_proj(weights @ v)
    out = block(x, context, context_masks=context_masks)
    assert torch.allclose(out, expected.transpose(1, 2), atol=1e-5)


def test_stage_cross_attends_only_when_built_for_it():
    stage = RPTStage(4, embed_dims=8, stride=2, num_blocks=1, num_heads=2, context_channels=6)
    context = torch.randn(2, 6, 9)
    masks = ragged_masks([9, 5], 9)
    out, out_masks = stage(torch.randn(2, 4, 9), masks, context, masks)
    assert out.shape == (2, 8, 5) and out_masks.tolist()[1] == [True] * 3 + [False] * 2
    with pytest.raises(ValueError, match='needs a context'):
        stage(torch.randn(2, 4, 9), masks)
    plain = RPTStage(4, embed_dims=8, num_blocks=1, num_heads=2)
    with pytest.raises(ValueError, match='takes no context'):
        plain(torch.randn(2, 4, 9), masks, context, masks)


@pytest.mark.parametrize('context_channels', [6, 8])  # separate / packed projections
@pytest.mark.parametrize('block_size', [2, 64])
def test_query_blocks_equal_multihead_attention(context_channels, block_size):
    torch.manual_seed(2)
    block = CrossAttentionBlock(8, context_channels, num_heads=2, query_block_size=block_size)
    x = torch.randn(2, 8, 7, requires_grad=True)
    context = torch.randn(2, context_channels, 9)
    masks, context_masks = ragged_masks([7, 4], 7), ragged_masks([9, 5], 9)
    out = block(x, context, masks, context_masks)
    query = block.query_norm(x.transpose(1, 2))
    memory = block.context_norm(context.transpose(1, 2))
    attended, _ = block.attn(query, memory, memory, key_padding_mask=~context_masks)
    expected = (x + attended.transpose(1, 2)) * masks[:, None]
    torch.testing.assert_close(out, expected, rtol=1e-5, atol=1e-6)
    weights = torch.randn(out.shape)
    params = [x, *block.attn.parameters()]
    got = torch.autograd.grad((out * weights).sum(), params)
    want = torch.autograd.grad((expected * weights).sum(), params)
    for g, w in zip(got, want):
        torch.testing.assert_close(g, w, rtol=1e-5, atol=1e-6)
