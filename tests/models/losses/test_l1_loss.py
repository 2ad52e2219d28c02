import pytest
import torch

from dad_plugins.registry import MODELS


def test_sum_over_coordinates_mean_over_pairs():
    loss = MODELS.build(dict(type='L1Loss', loss_weight=5.0))
    pred = torch.tensor([[0.1, 0.4], [0.5, 0.5]])
    target = torch.tensor([[0.0, 0.5], [0.5, 0.9]])
    assert loss(pred, target).item() == pytest.approx(5 * (0.2 + 0.4) / 2)
    assert loss(pred, target, avg_factor=3).item() == pytest.approx(5 * 0.6 / 3)
    none = MODELS.build(dict(type='L1Loss', reduction='none'))(pred, target)
    torch.testing.assert_close(none, torch.tensor([0.2, 0.4]))
    with pytest.raises(ValueError, match='differ'):
        loss(pred, target[:1])
