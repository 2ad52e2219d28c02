import pytest
import torch

from dad_plugins.models.layers import self_attention_block
from dad_plugins.registry import MODELS
from dad_plugins.testing import assert_padding_invariant, build_module, ragged_masks


def build(**kwargs):
    cfg = dict(
        type='MLADEncoder', in_channels=12, num_classes=5, embed_dims=8, num_layers=2, dropout=0.0
    )
    return build_module(cfg, **kwargs).eval()


def test_initial_features_are_eq_1():
    encoder = build()
    x = torch.randn(2, 12, 6)
    (initial, refined), _ = encoder(x)
    assert initial.shape == refined.shape == (2, 5, 6, 8)
    weight, bias = encoder.projection.weight, encoder.projection.bias  # (C, H, D), (C, H)
    expected = torch.relu(torch.einsum('chd,bdt->bcth', weight, x) + bias[:, None])
    torch.testing.assert_close(initial, expected)
    assert not torch.allclose(refined, initial)
    cf_baseline = build(num_layers=0)
    features, _ = cf_baseline(x)
    assert features[0] is features[1] and len(cf_baseline.layers) == 0


@pytest.mark.parametrize('pos_encoding', ['none', 'sinusoidal'])
def test_padding_never_changes_valid_outputs(pos_encoding):
    encoder = build(pos_encoding=pos_encoding)
    x = torch.randn(3, 12, 10)
    masks = ragged_masks([10, 7, 2], 10)
    (initial, refined), _ = encoder(x, masks)
    assert initial.shape == refined.shape == (3, 5, 10, 8)  # (B, C, T, H)

    def forward(feats, masks):  # class-level (B, C, H, T): time last
        return [out.transpose(2, 3) for out in encoder(feats, masks)[0]]

    assert_padding_invariant(forward, x, masks)


def test_positional_encoding_and_options():
    x = torch.randn(1, 12, 6)
    plain, sinusoidal = build(), build(pos_encoding='sinusoidal')
    # Without positions the encoder is permutation-equivariant in time; with them it is not.
    perm = torch.tensor([5, 4, 3, 2, 1, 0])
    torch.testing.assert_close(plain(x[..., perm])[0][1], plain(x)[0][1][:, :, perm])
    assert not torch.allclose(sinusoidal(x[..., perm])[0][1], sinusoidal(x)[0][1][:, :, perm])
    with pytest.raises(ValueError, match='pos_encoding'):
        build(pos_encoding='learned')
    layer = build(num_heads=2, cooccurrence=False, learn_alpha=False).layers[0]
    assert layer.cooccurrence is None and layer.temporal.num_heads == 2


def test_default_sizes_and_gradients():
    encoder = MODELS.build(dict(type='MLADEncoder', in_channels=1024, num_classes=157))
    assert len(encoder.layers) == 5
    assert encoder.projection.weight.shape == (157, 128, 1024)
    assert sum(p.numel() for p in encoder.layers[0].parameters()) == 199_169  # about 200K
    small = build().train()
    x = torch.randn(2, 12, 5, requires_grad=True)
    masks = ragged_masks([5, 3], 5)
    sum(f.sum() for f in small(x, masks)[0]).backward()
    assert all(p.grad is not None for p in small.parameters())
    assert x.grad[1, :, 3:].eq(0).all()


def test_attention_sets_are_classes_per_step_and_steps_per_class(monkeypatch):
    """Only (B T, C, C) and (B C, T, T) attention maps: O(T C^2 + C T^2), never (C T)^2."""
    shapes = []
    sdpa = self_attention_block.F.scaled_dot_product_attention

    def record(query, key, value, **kwargs):
        shapes.append((tuple(query.shape), tuple(key.shape)))
        return sdpa(query, key, value, **kwargs)

    monkeypatch.setattr(self_attention_block.F, 'scaled_dot_product_attention', record)
    batch, classes, length = 2, 5, 7
    build(num_layers=3)(torch.randn(batch, 12, length))
    cooccurrence = ((batch * length, 1, classes, 8), (batch * length, 1, classes, 8))
    temporal = ((batch * classes, 1, length, 8), (batch * classes, 1, length, 8))
    assert shapes == [cooccurrence, temporal] * 3
