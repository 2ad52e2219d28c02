import itertools

import pytest
import torch

from dad_plugins.models.losses import HungarianMatcher
from dad_plugins.registry import TASK_UTILS


def brute_force(cost):
    rows, cols = cost.shape
    best = None
    for chosen in itertools.permutations(range(rows), cols):
        total = sum(cost[r, c] for c, r in enumerate(chosen))
        if best is None or total < best[0]:
            best = (total, chosen)
    return best[0]


def test_assignment_on_hand_made_costs():
    cost = torch.tensor([[0.0, 1.0], [1.0, 10.0], [5.0, 5.0]])
    rows, cols = HungarianMatcher.assign(cost)
    # Greedy takes the 0 of (0, 0) and then pays 5; the optimum is (0, 1) + (1, 0) = 2.
    assert rows.tolist() == [0, 1] and cols.tolist() == [1, 0]
    assert cost[rows, cols].sum().item() == pytest.approx(brute_force(cost))
    torch.manual_seed(0)
    for _ in range(5):
        cost = torch.rand(5, 3)
        rows, cols = HungarianMatcher.assign(cost)
        assert cost[rows, cols].sum().item() == pytest.approx(brute_force(cost))


def test_cost_terms_and_weights():
    matcher = TASK_UTILS.build(
        dict(type='HungarianMatcher', cost_cls=6.0, cost_iou=2.0, cost_l1=5.0)
    )
    logits = torch.tensor([[0.0, 0.0]])
    segments = torch.tensor([[0.0, 0.4]])
    gt_labels, gt_segments = torch.tensor([1]), torch.tensor([[0.2, 0.4]])
    p = 0.5
    cls = 0.25 * (1 - p) ** 2 * -torch.log(torch.tensor(p)) - 0.75 * p**2 * -torch.log(
        torch.tensor(1 - p)
    )
    expected = 6 * cls - 2 * 0.5 + 5 * 0.2
    cost = matcher.cost_matrix(logits, segments, gt_labels, gt_segments)
    assert cost.item() == pytest.approx(expected.item(), abs=1e-6)


def test_match_prefers_right_class_and_place_and_handles_multi_label():
    matcher = TASK_UTILS.build(dict(type='HungarianMatcher'))
    # Query 0 says class 0 on [0.1, 0.3]; query 1 class 1 on [0.1, 0.3]; query 2 class 0 late.
    logits = torch.tensor([[5.0, -5.0], [-5.0, 5.0], [5.0, -5.0]])
    segments = torch.tensor([[0.1, 0.3], [0.1, 0.3], [0.7, 0.9]])
    # Two instances on the same span with different classes, and one late instance.
    gt_labels = torch.tensor([1, 0, 0])
    gt_segments = torch.tensor([[0.1, 0.3], [0.1, 0.3], [0.7, 0.9]])
    rows, cols = matcher(logits, segments, gt_labels, gt_segments)
    assert dict(zip(rows.tolist(), cols.tolist())) == {0: 1, 1: 0, 2: 2}
    empty_rows, empty_cols = matcher(logits, segments, gt_labels[:0], gt_segments[:0])
    assert empty_rows.numel() == 0 and empty_cols.numel() == 0
