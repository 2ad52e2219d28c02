import torch

from dad_plugins.models.utils import assign_points, generate_points


def test_points_of_every_level():
    points = generate_points([4, 2, 1], [1, 2, 4], [(0, 2), (2, 4), (4, 100)])
    assert points.shape == (7, 4)
    assert points[:, 0].tolist() == [0, 1, 2, 3, 0, 2, 0]
    assert points[4].tolist() == [0, 2, 4, 2]


def test_shortest_overlapping_segment_wins_and_ties_are_multi_label():
    # One level of stride 1, no range limit, no centre sampling.
    points = generate_points([12], [1], [(0, 100)])
    segments = torch.tensor([[1.0, 11.0], [3.0, 6.0], [3.0, 6.0], [8.0, 10.0]])
    labels = torch.tensor([0, 1, 2, 1])
    cls, reg, matched = assign_points(points, segments, labels, 4, center_sample_radius=None)
    # t = 2: only the long action covers it; t = 4, 5: the two identical short ones (multi-label);
    # t = 9: the long one and [8, 10] -> the shorter; boundaries (t = 1, 11) are outside.
    assert matched.tolist() == [-1, -1, 0, 0, 1, 1, 0, 0, 0, 3, 0, -1]
    assert cls[4].tolist() == [0, 1, 1, 0] and cls[9].tolist() == [0, 1, 0, 0]
    assert cls[2].tolist() == [1, 0, 0, 0] and cls[11].sum() == 0
    torch.testing.assert_close(reg[4], torch.tensor([1.0, 2.0]))  # (t - a, b - t)
    torch.testing.assert_close(reg[9], torch.tensor([1.0, 1.0]))
    assert reg[0].eq(0).all()


def test_regression_ranges_and_centre_sampling():
    points = generate_points([16, 8], [1, 2], [(0, 4), (4, 100)])
    segments = torch.tensor([[2.0, 5.0], [0.0, 14.0]])
    labels = torch.tensor([0, 1])
    cls, reg, matched = assign_points(points, segments, labels, 2, center_sample_radius=1.5)
    fine, coarse = matched[:16], matched[16:]
    # Short action on the fine level (reach <= 4), centre region (3.5 - 1.5, 3.5 + 1.5).
    assert torch.nonzero(fine == 0)[:, 0].tolist() == [3, 4]
    # The long one only on the coarse level (positions 0, 2, ..., 14), open centre region
    # (7 - 3, 7 + 3): positions 6 and 8.
    assert torch.nonzero(coarse == 1)[:, 0].tolist() == [3, 4]
    assert fine.ne(1).all()  # reach > 4 on the fine level
    torch.testing.assert_close(reg[16 + 3], torch.tensor([3.0, 4.0]))  # (6 - 0, 14 - 6) / 2
    assert cls[16 + 3].tolist() == [0, 1]


def test_video_without_actions():
    points = generate_points([5], [1], [(0, 100)])
    cls, reg, matched = assign_points(points, torch.zeros(0, 2), torch.zeros(0), 3)
    assert cls.shape == (5, 3) and cls.sum() == 0 and matched.eq(-1).all() and reg.eq(0).all()
