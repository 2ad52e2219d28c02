import pytest
import torch

from dad_plugins.registry import MODELS
from dad_plugins.testing import ragged_masks


def build(**kwargs):
    torch.manual_seed(0)
    block = MODELS.build(dict(type='SelfAttentionBlock', embed_dims=8, **kwargs))
    return block.eval()


def test_single_head_attention_is_eq_2_and_3():
    block = build()
    x = torch.randn(4, 6, 8)  # (N, L, H)
    query, key, value = block.qkv(x).split(8, dim=-1)
    weights = torch.softmax(query @ key.transpose(1, 2) / 8**0.5, dim=-1)  # (N, L, L)
    torch.testing.assert_close(block.attention(x, None), weights @ value)


def test_multi_head_attention_splits_channels():
    block = build(num_heads=2)
    x = torch.randn(3, 5, 8)
    query, key, value = (t.view(3, 5, 2, 4).transpose(1, 2) for t in block.qkv(x).split(8, -1))
    weights = torch.softmax(query @ key.transpose(-2, -1) / 4**0.5, dim=-1)  # (N, 2, L, L)
    expected = (weights @ value).transpose(1, 2).reshape(3, 5, 8)
    torch.testing.assert_close(block.attention(x, None), expected)
    with pytest.raises(ValueError, match='divisible'):
        build(num_heads=3)


def test_masked_keys_do_not_reach_valid_tokens():
    block = build()
    x = torch.randn(2, 7, 8)
    key_masks = ragged_masks([7, 4])
    out = block(x, key_masks)
    changed = x.clone()
    changed[1, 4:] = 100 * torch.randn(3, 8)
    torch.testing.assert_close(block(changed, key_masks)[:, :4], out[:, :4])
    torch.testing.assert_close(block(x[1:, :4]), out[1:, :4])
    assert not torch.allclose(block(changed)[1, :4], out[1, :4])  # without masks they do
    # A set without any valid key gets finite outputs.
    assert block(x, torch.zeros(2, 7, dtype=torch.bool)).isfinite().all()


def test_parameters_and_training_mode():
    full = MODELS.build(dict(type='SelfAttentionBlock', embed_dims=128))
    assert sum(p.numel() for p in full.parameters()) == 99_584  # ffn_dims = embed_dims
    wide = MODELS.build(dict(type='SelfAttentionBlock', embed_dims=8, ffn_dims=32))
    assert wide.ffn[0].out_features == 32
    block = build().train()
    x = torch.randn(2, 5, 8, requires_grad=True)
    block(x, torch.ones(2, 5, dtype=torch.bool)).sum().backward()
    assert all(p.grad is not None for p in block.parameters())


def test_inference_in_chunks_of_sets_equals_one_pass():
    block = build(inference_chunk_tokens=14)  # two sets of 7 tokens at a time
    x = torch.randn(5, 7, 8)
    key_masks = ragged_masks([7, 4, 1, 7, 2])
    whole = block.refine(x, key_masks)
    with torch.no_grad():
        torch.testing.assert_close(block(x, key_masks), whole)
        torch.testing.assert_close(block(x), block.refine(x, None))
    with pytest.raises(ValueError, match='inference_chunk_tokens'):
        build(inference_chunk_tokens=0)
