import numpy as np
import pytest

from dad_plugins.structures.label_rules import segments_to_frame_labels


def test_mstct_rule_is_strict_on_both_sides():
    # r = 1 token/s: token t sits at t seconds; segment (1, 3) covers only token 2.
    labels = segments_to_frame_labels(np.array([[1.0, 3.0]]), np.array([1]), 5, 1.0, 2)
    np.testing.assert_array_equal(labels[:, 1], [0, 0, 1, 0, 0])
    assert labels[:, 0].sum() == 0


def test_mlad_rule_is_inclusive():
    labels = segments_to_frame_labels(np.array([[1.0, 3.0]]), np.array([0]), 5, 1.0, 1, 'mlad')
    np.testing.assert_array_equal(labels[:, 0], [0, 1, 1, 1, 0])


def test_pointtad_rule_floors_both_ends():
    # r = 2: start 0.6 s -> token floor(1.2) = 1, end 1.9 s -> floor(3.8) = 3, inclusive.
    labels = segments_to_frame_labels(np.array([[0.6, 1.9]]), np.array([0]), 6, 2.0, 1, 'pointtad')
    np.testing.assert_array_equal(labels[:, 0], [0, 1, 1, 1, 0, 0])


def test_feature_rate_and_overlapping_classes():
    # r = 0.5 token/s: token times 0, 2, 4, 6; two classes overlapping in time.
    segments = np.array([[1.0, 5.0], [3.0, 7.0]])
    labels = segments_to_frame_labels(segments, np.array([0, 1]), 4, 0.5, 2)
    np.testing.assert_array_equal(labels, [[0, 0], [1, 0], [1, 1], [0, 1]])


def test_segments_past_the_end_are_clipped_and_empty_input_gives_zeros():
    labels = segments_to_frame_labels(np.array([[2.5, 100.0]]), np.array([0]), 4, 1.0, 1)
    np.testing.assert_array_equal(labels[:, 0], [0, 0, 0, 1])
    empty = segments_to_frame_labels(np.zeros((0, 2)), np.zeros(0), 3, 1.0, 2)
    assert empty.shape == (3, 2) and empty.sum() == 0


def test_unknown_rule_is_rejected():
    with pytest.raises(ValueError, match='Unknown label rule'):
        segments_to_frame_labels(np.zeros((0, 2)), np.zeros(0), 3, 1.0, 2, 'nearest')
