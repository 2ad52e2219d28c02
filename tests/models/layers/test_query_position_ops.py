import pytest
import torch

from dad_plugins.models.layers import (
    boundary_segments,
    instance_segments,
    inverse_sigmoid,
    mutual_refinement,
    sine_position_embedding,
)


def test_mutual_refinement_equations_on_known_positions():
    instance = torch.tensor([[0.5, 0.2]])  # centre 0.5, duration 0.2: [0.4, 0.6]
    start, end = torch.tensor([[0.3]]), torch.tensor([[0.5]])
    inst, s, e = mutual_refinement(instance, start, end, 'parallel')
    # Eq. (6): c = (0.5 + 0.4) / 2, w = (0.2 + 0.2) / 2.
    # Eq. (7): s = (0.3 + 0.4) / 2, e = (0.5 + 0.6) / 2.
    torch.testing.assert_close(inst, torch.tensor([[0.45, 0.2]]))
    torch.testing.assert_close(s, torch.tensor([[0.35]]))
    torch.testing.assert_close(e, torch.tensor([[0.55]]))
    # Parallel refinement leaves both levels on the same segment: the mean of the two.
    torch.testing.assert_close(instance_segments(inst), boundary_segments(s, e))

    inst, s, e = mutual_refinement(instance, start, end, 'boundary_first')
    torch.testing.assert_close(torch.cat([s, e], -1), torch.tensor([[0.35, 0.55]]))
    torch.testing.assert_close(inst, torch.tensor([[0.475, 0.2]]))  # Eq. (6) with refined s, e
    inst, s, e = mutual_refinement(instance, start, end, 'instance_first')
    torch.testing.assert_close(inst, torch.tensor([[0.45, 0.2]]))
    torch.testing.assert_close(torch.cat([s, e], -1), torch.tensor([[0.325, 0.525]]))
    with pytest.raises(ValueError):
        mutual_refinement(instance, start, end, 'sideways')


def test_segment_helpers_order_and_clip():
    assert boundary_segments(torch.tensor([0.7]), torch.tensor([0.2])).tolist() == [
        pytest.approx(0.2),
        pytest.approx(0.7),
    ]
    assert instance_segments(torch.tensor([0.05, 0.3])).tolist() == [0.0, pytest.approx(0.2)]
    embed = sine_position_embedding(torch.rand(3, 4, 2), 16)
    assert embed.shape == (3, 4, 16) and embed.abs().max() <= 1


def test_inverse_sigmoid_round_trip_and_clamp():
    x = torch.tensor([0.1, 0.5, 0.9])
    torch.testing.assert_close(inverse_sigmoid(x).sigmoid(), x)
    assert torch.isfinite(inverse_sigmoid(torch.tensor([-1.0, 0.0, 1.0, 2.0]))).all()
