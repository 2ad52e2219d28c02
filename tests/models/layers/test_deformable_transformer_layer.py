import pytest
import torch

from dad_plugins.testing import build_module


def build(self_attn=True):
    cfg = dict(type='DeformableTransformerLayer', embed_dims=16, num_heads=4, ffn_dims=32)
    return build_module(cfg, dropout=0.0, self_attn=self_attn).eval()


def test_decoder_steps_keep_shapes_and_ignore_masked_queries():
    layer = build()
    query, pos = torch.randn(2, 5, 16), torch.randn(2, 5, 16)
    ignore = torch.tensor([[False] * 4 + [True], [False] * 5])
    out = layer.self_attention(query, pos, ignore)
    assert out.shape == (2, 5, 16)
    changed = query.clone()
    changed[0, 4] = 100.0
    # An ignored query is not a key: the other queries of its sample do not see it.
    torch.testing.assert_close(layer.self_attention(changed, pos, ignore)[0, :4], out[0, :4])
    values, masks = [torch.randn(2, 16, 7)], [torch.ones(2, 7, dtype=torch.bool)]
    out = layer.cross_attention(out, pos, torch.rand(2, 5, 2), values, masks)
    assert layer.feed_forward(out).shape == (2, 5, 16)


def test_encoder_layer_has_no_query_self_attention():
    layer = build(self_attn=False)
    assert layer.self_attn is None
    with pytest.raises(RuntimeError, match='self_attn=False'):
        layer.self_attention(torch.randn(1, 3, 16))
