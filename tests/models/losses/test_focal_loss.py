import math

import pytest
import torch

from dad_plugins.registry import MODELS


def test_matches_the_formula():
    loss = MODELS.build(dict(type='FocalLoss', alpha=0.25, gamma=2.0, reduction='none'))
    pred, target = torch.tensor([[2.0, -1.0]]), torch.tensor([[1.0, 0.0]])
    p = torch.sigmoid(pred)
    expected = torch.tensor(
        [
            [
                -0.25 * (1 - p[0, 0]) ** 2 * math.log(p[0, 0]),
                -0.75 * p[0, 1] ** 2 * math.log(1 - p[0, 1]),
            ]
        ]
    )
    torch.testing.assert_close(loss(pred, target), expected)


def test_gamma_zero_without_alpha_is_bce():
    focal = MODELS.build(dict(type='FocalLoss', alpha=-1, gamma=0.0, reduction='sum'))
    bce = MODELS.build(dict(type='MaskedBCELoss', reduction='sum'))
    pred, target = torch.randn(3, 5, 7), (torch.rand(3, 5, 7) > 0.5).float()
    torch.testing.assert_close(focal(pred, target), bce(pred, target))


def test_mask_avg_factor_and_weight():
    loss = MODELS.build(dict(type='FocalLoss', loss_weight=2.0))
    pred, target = torch.randn(4, 3), torch.zeros(4, 3)
    mask = torch.tensor([True, True, False, False])
    full = MODELS.build(dict(type='FocalLoss', reduction='none'))(pred, target)
    assert loss(pred, target, mask=mask) == pytest.approx(2 * full[:2].sum().item() / 2)
    assert loss(pred, target, mask=mask, avg_factor=5) == pytest.approx(
        2 * full[:2].sum().item() / 5
    )
    pred[2:] = float('nan')  # padded rows never reach the loss
    assert torch.isfinite(loss(pred, target, mask=mask))
    with pytest.raises(ValueError, match='reduction'):
        MODELS.build(dict(type='FocalLoss', reduction='max'))
