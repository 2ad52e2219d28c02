import pytest
import torch

from dad_plugins.models.losses.diou_loss import offset_iou
from dad_plugins.registry import MODELS


def test_diou_by_hand():
    # Point t = 0. Prediction [-1, 3] (l = 1, r = 3), ground truth [-2, 2] (l = 2, r = 2).
    pred, target = torch.tensor([[1.0, 3.0]]), torch.tensor([[2.0, 2.0]])
    iou = 3.0 / 5.0  # intersection [-1, 2], union [-2, 3]
    rho = 1.0 - 0.0  # centres 1 and 0
    enclosing = 5.0
    expected = 1 - iou + rho**2 / enclosing**2
    loss = MODELS.build(dict(type='DIoULoss'))
    assert loss(pred, target).item() == pytest.approx(expected)
    assert offset_iou(pred, target).item() == pytest.approx(iou)
    # Disjoint segments sharing only the anchor point: IoU 0, the centre term still pulls.
    disjoint = loss(torch.tensor([[0.0, 4.0]]), torch.tensor([[4.0, 0.0]])).item()
    assert disjoint == pytest.approx(1 + (4.0 / 8.0) ** 2)
    assert loss(target, target).item() == pytest.approx(0.0)


def test_weights_masks_and_reductions():
    loss = MODELS.build(dict(type='DIoULoss', loss_weight=2.0))
    pred = torch.tensor([[1.0, 3.0], [2.0, 2.0], [1.0, 1.0]])
    target = torch.tensor([[2.0, 2.0], [2.0, 2.0], [3.0, 1.0]])
    each = loss(pred, target, reduction_override='none') / 2.0
    weight = torch.tensor([0.5, 3.0, 2.0])
    mask = torch.tensor([True, True, False])
    total = loss(pred, target, weight=weight, mask=mask, reduction_override='sum')
    assert total.item() == pytest.approx(2.0 * (0.5 * each[0] + 3.0 * each[1]).item())
    mean = loss(pred, target, weight=weight, mask=mask, avg_factor=4.0)
    assert mean.item() == pytest.approx(total.item() / 4.0)
    assert loss(pred, target, mask=mask).item() == pytest.approx(2.0 * each[:2].mean().item())
    with pytest.raises(ValueError):
        loss(pred[:, :1], target[:, :1])
