import math

import pytest
import torch
import torch.nn.functional as F

from dad_plugins.registry import MODELS


def build(**kwargs):
    return MODELS.build(dict(type='AsymmetricLoss', **kwargs))


def test_hand_computed_values():
    # p = 0.5 for a positive, p = 0.75 for a negative; gamma+ = 1, gamma- = 3, clip = 0.05.
    logits = torch.tensor([[0.0, math.log(3.0)]])  # (N=1, C=2)
    targets = torch.tensor([[1.0, 0.0]])
    positive = -(1 - 0.5) * math.log(0.5)
    negative = -((1 - 0.30) ** 3) * math.log(0.30)  # 1 - p_m = 0.25 + 0.05
    loss = build()
    elementwise = loss(logits, targets, reduction_override='none')
    torch.testing.assert_close(elementwise, torch.tensor([[positive, negative]]))
    assert loss(logits, targets).item() == pytest.approx(positive + negative, rel=1e-6)
    # A negative below the margin (p = 0.04 < 0.05) costs nothing.
    assert build()(torch.tensor([[math.log(0.04 / 0.96)]]), torch.zeros(1, 1)).item() == 0


def test_reduces_to_bce_without_focusing_and_margin():
    logits = torch.randn(2, 5, 7)
    targets = torch.randint(0, 2, (2, 5, 7)).float()
    asl = build(gamma_pos=0, gamma_neg=0, clip=0)(logits, targets, reduction_override='none')
    torch.testing.assert_close(
        asl, F.binary_cross_entropy_with_logits(logits, targets, reduction='none')
    )


@pytest.mark.parametrize('disable_grad', [True, False])
def test_focusing_weight_has_no_gradient(disable_grad):
    logits = torch.tensor([[-3.5, -0.3, 0.4, 2.0, -0.2, 1.5]], requires_grad=True)
    targets = torch.tensor([[0.0, 0.0, 0.0, 0.0, 1.0, 1.0]])
    loss = build(disable_torch_grad_focal_loss=disable_grad)
    loss(logits, targets, reduction_override='sum').backward()
    p, clip = logits.detach().sigmoid(), 0.05
    shifted = (1 - p + clip).clamp(max=1)  # 1 - p_m
    weight = torch.where(targets > 0, (1 - p) ** 1, (1 - shifted) ** 3)
    expected = torch.where(
        targets > 0,
        -weight * (1 - p),  # d/dx of -w log p
        torch.where(shifted < 1, weight * p * (1 - p) / shifted, torch.zeros_like(p)),
    )
    assert expected[0, 0] == 0  # p < clip: clamped, no gradient
    if disable_grad:
        torch.testing.assert_close(logits.grad, expected)
    else:
        assert not torch.allclose(logits.grad, expected)


def test_paper_equation_19_with_clip_0_and_a_differentiated_focusing_weight():
    # PAT Eq. (18)-(19): L = -g (1 - y)^1 log y - (1 - g) y^3 log(1 - y), no margin.
    logits = torch.tensor([[-3.5, -0.3, 0.4, 2.0, -0.2, 1.5]], requires_grad=True)
    targets = torch.tensor([[0.0, 0.0, 0.0, 0.0, 1.0, 1.0]])
    loss = build(clip=0, disable_torch_grad_focal_loss=False)
    loss(logits, targets, reduction_override='sum').backward()
    x = logits.detach().clone().requires_grad_(True)
    y = x.sigmoid()
    paper = -(targets * (1 - y) * y.log() + (1 - targets) * y**3 * (1 - y).log()).sum()
    paper.backward()
    torch.testing.assert_close(logits.grad, x.grad)
    torch.testing.assert_close(
        loss(logits.detach(), targets, reduction_override='sum'), paper.detach()
    )
    assert logits.grad[0, 0] != 0  # p < 0.05: still a gradient without the margin


def test_masked_tokens_contribute_nothing():
    logits = torch.randn(2, 4, 6)
    targets = torch.randint(0, 2, (2, 4, 6)).float()
    masks = torch.tensor([[True] * 6, [True] * 2 + [False] * 4])
    noisy = logits.clone()
    noisy[1, :, 2:] = float('nan')
    noisy.requires_grad_(True)
    loss = build()
    value = loss(noisy, targets, mask=masks)
    value.backward()
    assert torch.isfinite(value) and noisy.grad[1, :, 2:].eq(0).all()
    valid_sum = loss(logits[:1], targets[:1], reduction_override='sum') + loss(
        logits[1:, :, :2], targets[1:, :, :2], reduction_override='sum'
    )
    torch.testing.assert_close(value, valid_sum / 8)  # sum over classes, mean over 8 tokens
    none = loss(noisy, targets, mask=masks, reduction_override='none')
    assert none.shape == (2, 4, 6) and none[1, :, 2:].eq(0).all()
    assert loss(logits, targets, mask=torch.zeros(2, 6, dtype=torch.bool)).item() == 0


def test_weights_avg_factor_loss_weight_and_token_rows():
    logits = torch.randn(3, 5)  # (N, C)
    targets = torch.randint(0, 2, (3, 5)).float()
    loss = build(loss_weight=2.0)
    base = build()(logits, targets, reduction_override='none')
    weight = torch.tensor([[1.0], [0.0], [3.0]])  # per token
    mask = torch.tensor([True, True, False])
    value = loss(logits, targets, weight=weight, mask=mask)
    torch.testing.assert_close(value, 2.0 * base[0].sum() / 2)
    torch.testing.assert_close(loss(logits, targets, avg_factor=10.0), 2.0 * base.sum() / 10)
    torch.testing.assert_close(loss(logits, targets, reduction_override='sum'), 2 * base.sum())


def test_invalid_inputs():
    with pytest.raises(ValueError):
        build(reduction='max')
    with pytest.raises(ValueError):
        build()(torch.zeros(2, 3, 4), torch.zeros(2, 3, 5))
    with pytest.raises(ValueError):
        build()(torch.zeros(2, 3, 4), torch.zeros(2, 3, 4), mask=torch.ones(2, 3).bool())
