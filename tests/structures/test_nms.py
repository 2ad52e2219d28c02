import math

import pytest
import torch

from dad_plugins.structures import nms, soft_nms

# Class 0: [0,10] 0.9, [1,10] 0.8, [0,5] 0.7, [20,30] 0.6; class 1: [0,10] 0.5.
# tIoU with [0,10]: [1,10] -> 0.9, [0,5] -> 0.5, [20,30] -> 0; tIoU([0,5], [1,10]) = 4/10.
SEGMENTS = torch.tensor([[0.0, 10.0], [1.0, 10.0], [0.0, 5.0], [20.0, 30.0], [0.0, 10.0]])
SCORES = torch.tensor([0.9, 0.8, 0.7, 0.6, 0.5])
LABELS = torch.tensor([0, 0, 0, 0, 1])


def test_nms_class_aware_and_agnostic():
    # >= threshold suppresses: [1,10] (0.9) and [0,5] (0.5) go, the other class survives.
    assert nms(SEGMENTS, SCORES, 0.5, labels=LABELS).tolist() == [0, 3, 4]
    assert nms(SEGMENTS, SCORES, 0.5).tolist() == [0, 3]
    # Threshold just above 0.5 keeps [0,5].
    assert nms(SEGMENTS, SCORES, 0.51, labels=LABELS).tolist() == [0, 2, 3, 4]
    assert nms(SEGMENTS, SCORES, 0.5, labels=LABELS, max_num=2).tolist() == [0, 3]
    assert nms(SEGMENTS[:0], SCORES[:0], 0.5).numel() == 0


def test_soft_nms_gaussian_hand_example():
    segments, scores, labels = soft_nms(SEGMENTS, SCORES, LABELS, sigma=0.5, min_score=0.001)
    # Keep [0,10] 0.9; decay [1,10]: 0.8 * exp(-0.81 / 0.5), [0,5]: 0.7 * exp(-0.25 / 0.5).
    # Keep [20,30] 0.6 (no overlap); keep [0,5] 0.4246; decay [1,10] again by exp(-0.16 / 0.5).
    decayed_05 = 0.7 * math.exp(-0.5)
    decayed_1_10 = 0.8 * math.exp(-1.62) * math.exp(-0.32)
    expected_scores = [0.9, 0.6, 0.5, decayed_05, decayed_1_10]
    torch.testing.assert_close(scores, torch.tensor(expected_scores))
    assert labels.tolist() == [0, 0, 1, 0, 0]
    assert segments.tolist() == [[0, 10], [20, 30], [0, 10], [0, 5], [1, 10]]


def test_soft_nms_linear_hand_example():
    _, scores, labels = soft_nms(SEGMENTS, SCORES, LABELS, iou_threshold=0.5, method='linear')
    # [1,10]: tIoU 0.9 >= 0.5 -> 0.8 * 0.1; [0,5]: tIoU 0.5 -> 0.7 * 0.5; then [0,5] vs [1,10]
    # has tIoU 0.4 < 0.5, no further decay.
    torch.testing.assert_close(scores, torch.tensor([0.9, 0.6, 0.5, 0.35, 0.08]))
    assert labels.tolist() == [0, 0, 1, 0, 0]


def test_soft_nms_min_score_and_max_num():
    _, scores, _ = soft_nms(
        SEGMENTS, SCORES, LABELS, iou_threshold=0.5, method='linear', min_score=0.1
    )
    torch.testing.assert_close(scores, torch.tensor([0.9, 0.6, 0.5, 0.35]))
    segments, scores, labels = soft_nms(SEGMENTS, SCORES, LABELS, max_num=2)
    assert scores.tolist() == pytest.approx([0.9, 0.6])
    assert segments.shape == (2, 2) and labels.shape == (2,)


def test_soft_nms_empty_and_bad_method():
    segments, scores, labels = soft_nms(SEGMENTS, SCORES * 0, LABELS)
    assert segments.shape == (0, 2) and scores.numel() == 0 and labels.numel() == 0
    with pytest.raises(ValueError, match='method'):
        soft_nms(SEGMENTS, SCORES, LABELS, method='hard')


def test_soft_nms_keeps_float64_input_in_float64():
    segments, scores, labels = soft_nms(SEGMENTS.double(), SCORES.double(), LABELS)
    reference = soft_nms(SEGMENTS, SCORES, LABELS)
    assert segments.dtype == scores.dtype == torch.float64
    torch.testing.assert_close(scores.float(), reference[1])
    assert labels.tolist() == reference[2].tolist()
    mixed = soft_nms(SEGMENTS.double(), SCORES, LABELS)  # float64 segments, float32 scores
    torch.testing.assert_close(mixed[1], reference[1])
