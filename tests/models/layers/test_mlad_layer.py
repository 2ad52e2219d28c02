import pytest
import torch

from dad_plugins.registry import MODELS
from dad_plugins.testing import ragged_masks


def build(**kwargs):
    torch.manual_seed(0)
    layer = MODELS.build(dict(type='MLADLayer', embed_dims=8, **kwargs))
    return layer.eval()


ALL_VARIANTS = [dict(temporal=False), dict(cooccurrence=False), dict(), dict(full_attention=True)]


@pytest.mark.parametrize('branches', ALL_VARIANTS)
def test_permuting_classes_permutes_outputs(branches):
    layer = build(**branches)
    x = torch.randn(2, 5, 7, 8)  # (B, C, T, H)
    perm = torch.randperm(5)
    torch.testing.assert_close(layer(x[:, perm]), layer(x)[:, perm])


@pytest.mark.parametrize('branches', ALL_VARIANTS)
def test_permuting_time_steps_permutes_outputs(branches):
    layer = build(**branches)
    x = torch.randn(2, 5, 7, 8)
    perm = torch.randperm(7)
    torch.testing.assert_close(layer(x[:, :, perm]), layer(x)[:, :, perm])


def changed_entries(layer, cls, step):
    """Which (class, time) outputs change when the input of one (class, time) changes."""
    x = torch.randn(1, 5, 7, 8)
    changed = x.clone()
    changed[0, cls, step] += 3 * torch.randn(8)
    return (layer(changed) - layer(x)).abs().amax(dim=-1)[0] > 1e-6  # (C, T)


def test_cooccurrence_branch_attends_across_classes_only():
    moved = changed_entries(build(temporal=False), cls=2, step=4)
    assert moved[:, 4].all()  # every class at the same time step
    assert not moved[:, [0, 1, 2, 3, 5, 6]].any()  # nothing at other time steps


def test_temporal_branch_attends_across_time_only():
    moved = changed_entries(build(cooccurrence=False), cls=2, step=4)
    assert moved[2].all()  # the same class at every time step
    assert not moved[[0, 1, 3, 4]].any()  # no other class


def test_full_attention_attends_across_all_classes_and_time_steps():
    layer = build(full_attention=True)
    assert layer.cooccurrence is None and layer.temporal is None and layer.alpha_logit is None
    assert changed_entries(layer, cls=2, step=4).all()
    # One block over the (B, C T, H) class-time tokens, padded time steps masked as keys.
    x = torch.randn(2, 5, 7, 8)
    masks = ragged_masks([7, 4], 7)
    expected = layer.full_attention(
        x.reshape(2, 35, 8), masks[:, None, :].expand(2, 5, 7).reshape(2, 35)
    ).view(2, 5, 7, 8)
    expected[1, :, 4:] = 0
    torch.testing.assert_close(layer(x, masks), expected)
    with pytest.raises(ValueError, match='full_attention'):
        build(full_attention=True, temporal=False)


def test_both_branches_merge_with_alpha():
    layer = build()
    moved = changed_entries(layer, cls=2, step=4)
    assert moved[2].all() and moved[:, 4].all() and not moved[0, 0]
    x = torch.randn(2, 5, 7, 8)
    masks = ragged_masks([7, 4], 7)
    with torch.no_grad():
        layer.alpha_logit.fill_(0.7)
    alpha = torch.sigmoid(torch.tensor(0.7))
    expected = alpha * layer.cooccurrence_branch(x) + (1 - alpha) * layer.temporal_branch(x, masks)
    expected[1, :, 4:] = 0
    torch.testing.assert_close(layer(x, masks), expected)


def test_alpha_options():
    learned = build()
    assert learned.alpha.item() == pytest.approx(0.5)  # sigmoid(0)
    x = torch.randn(1, 3, 4, 8)
    learned.train()
    learned(x).sum().backward()
    assert learned.alpha_logit.grad is not None
    fixed = build(learn_alpha=False)
    assert fixed.alpha_logit is None and fixed.alpha.item() == 0.5
    assert build(temporal=False).alpha_logit is None
    with pytest.raises(ValueError, match='at least one'):
        build(cooccurrence=False, temporal=False)


@pytest.mark.parametrize('branches', [dict(), dict(full_attention=True)])
def test_padding_does_not_change_valid_outputs(branches):
    layer = build(**branches)
    x = torch.randn(3, 5, 9, 8)
    masks = ragged_masks([9, 6, 1], 9)
    out = layer(x, masks)
    assert out[1, :, 6:].eq(0).all() and out[2, :, 1:].eq(0).all()
    changed = x.clone()
    changed[1, :, 6:] = 1e3
    changed[2, :, 1:] = -1e3
    torch.testing.assert_close(layer(changed, masks), out)
    torch.testing.assert_close(layer(x[1:2, :, :6]), out[1:2, :, :6], rtol=1e-4, atol=1e-5)
    torch.testing.assert_close(layer(x[2:3, :, :1]), out[2:3, :, :1], rtol=1e-4, atol=1e-5)
