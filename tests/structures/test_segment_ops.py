import numpy as np
import pytest
import torch

from dad_plugins.structures import temporal_iou


def test_temporal_iou_hand_values():
    a = np.array([[0.0, 10.0], [2.0, 4.0]])
    b = np.array([[0.0, 5.0], [5.0, 15.0], [20.0, 30.0], [3.0, 3.0]])
    expected = np.array(
        [
            [0.5, 5 / 15, 0.0, 0.0],  # [0,10]x[3,3]: zero intersection, union 10
            [2 / 5, 0.0, 0.0, 0.0],
        ]
    )
    np.testing.assert_allclose(temporal_iou(a, b), expected)


def test_temporal_iou_exact_decimal_values():
    # 0.3 exactly, so that a threshold of 0.3 counts it as a match.
    assert temporal_iou(np.array([[0.0, 3.0]]), np.array([[0.0, 10.0]]))[0, 0] == 0.3


def test_temporal_iou_degenerate_union_is_zero():
    point = np.array([[2.0, 2.0]])
    assert temporal_iou(point, point)[0, 0] == 0.0


def test_temporal_iou_torch_matches_numpy_and_batches():
    rng = np.random.default_rng(0)
    start = rng.uniform(0, 10, (3, 5, 1))
    segments = np.concatenate([start, start + rng.uniform(0, 5, (3, 5, 1))], axis=-1)
    expected = np.stack([temporal_iou(s, s) for s in segments])
    result = temporal_iou(torch.from_numpy(segments), torch.from_numpy(segments))
    assert isinstance(result, torch.Tensor)
    assert result.shape == (3, 5, 5)
    np.testing.assert_allclose(result.numpy(), expected)
    np.testing.assert_allclose(np.diagonal(expected, axis1=1, axis2=2), 1.0)


@pytest.mark.parametrize('shape', [(0, 2), (4, 2)])
def test_temporal_iou_empty(shape):
    result = temporal_iou(np.zeros((0, 2)), np.ones(shape))
    assert result.shape == (0, shape[0])
