import pytest
import torch

from dad_plugins.registry import MODELS


def test_one_minus_tiou_per_pair():
    loss = MODELS.build(dict(type='TIoULoss', reduction='none'))
    pred = torch.tensor([[0.0, 2.0], [1.0, 2.0], [5.0, 6.0]])
    target = torch.tensor([[0.0, 2.0], [0.0, 2.0], [0.0, 1.0]])
    torch.testing.assert_close(loss(pred, target), torch.tensor([0.0, 0.5, 1.0]))


def test_reductions_weight_and_gradient():
    loss = MODELS.build(dict(type='TIoULoss', loss_weight=2.0))
    pred = torch.tensor([[1.0, 2.0], [0.0, 1.0]], requires_grad=True)
    target = torch.tensor([[0.0, 2.0], [0.0, 1.0]])
    assert loss(pred, target).item() == pytest.approx(2 * 0.5 / 2)
    assert loss(pred, target, avg_factor=4).item() == pytest.approx(2 * 0.5 / 4)
    weighted = loss(pred, target, weight=torch.tensor([0.0, 1.0]), reduction_override='sum')
    assert weighted.item() == pytest.approx(0.0)
    loss(pred, target).backward()
    assert pred.grad[0, 0] > 0  # moving the start earlier raises the overlap
    assert loss(pred[:0], target[:0]).item() == 0.0
