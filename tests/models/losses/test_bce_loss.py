import pytest
import torch
import torch.nn.functional as F

from dad_plugins.registry import MODELS


def test_masked_mean_over_valid_tokens():
    logits = torch.randn(2, 3, 5, requires_grad=True)
    targets = torch.randint(0, 2, (2, 3, 5)).float()
    masks = torch.tensor([[True] * 5, [True] * 3 + [False] * 2])
    loss = MODELS.build(dict(type='MaskedBCELoss', loss_weight=0.5))
    value = loss(logits, targets, mask=masks)
    full = F.binary_cross_entropy_with_logits(logits, targets, reduction='none')
    expected = 0.5 * (full[0].sum() + full[1, :, :3].sum()) / 8
    torch.testing.assert_close(value, expected)
    value.backward()
    assert logits.grad[1, :, 3:].eq(0).all()


def test_interface_matches_asymmetric_loss():
    logits = torch.randn(4, 6)
    targets = torch.randint(0, 2, (4, 6)).float()
    bce = MODELS.build(dict(type='MaskedBCELoss'))
    asl = MODELS.build(dict(type='AsymmetricLoss', gamma_pos=0, gamma_neg=0, clip=0))
    weight = torch.rand(4, 1)
    mask = torch.tensor([True, False, True, True])
    for reduction in ('none', 'mean', 'sum'):
        torch.testing.assert_close(
            bce(logits, targets, weight=weight, mask=mask, reduction_override=reduction),
            asl(logits, targets, weight=weight, mask=mask, reduction_override=reduction),
        )
    with pytest.raises(ValueError):
        MODELS.build(dict(type='MaskedBCELoss', reduction='avg'))
