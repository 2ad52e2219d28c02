import numpy as np
import pytest
import torch
from scipy.stats import norm

from dad_plugins.structures import frames_to_segments, segments_to_frames

# 5 tokens, 2 classes. Class 0 runs (>= 0.5): tokens 1-2 and token 4; class 1: tokens 0-1, 3-4.
SCORES = np.array([[0.1, 0.6], [0.7, 0.8], [0.9, 0.2], [0.2, 0.9], [0.6, 0.5]], dtype=np.float32)


def test_frames_to_segments_mean_rule():
    segments = frames_to_segments(SCORES, feature_rate=2.0, offset=10.0)
    # Token t spans [t / 2, (t + 1) / 2) s; a run t0..t1 becomes [t0 / 2, (t1 + 1) / 2] + 10.
    expected = [
        [10.5, 11.5, 0, (0.7 + 0.9) / 2],
        [12.0, 12.5, 0, 0.6],
        [10.0, 11.0, 1, (0.6 + 0.8) / 2],
        [11.5, 12.5, 1, (0.9 + 0.5) / 2],
    ]
    np.testing.assert_allclose(segments, expected, rtol=1e-6)


def test_frames_to_segments_max_rule_min_length_threshold():
    segments = frames_to_segments(SCORES, score_rule='max', min_length=2)
    np.testing.assert_allclose(segments[:, 3], [0.9, 0.8, 0.9], rtol=1e-6)
    np.testing.assert_allclose(segments[:, :3], [[1, 3, 0], [0, 2, 1], [3, 5, 1]])
    assert frames_to_segments(SCORES, threshold=0.95).shape == (0, 4)
    assert frames_to_segments(SCORES, threshold=0.95, score_rule='max').shape == (0, 4)
    # A run touching both ends of the video.
    full = frames_to_segments(np.ones((4, 1)), score_rule='max')
    np.testing.assert_allclose(full, [[0, 4, 0, 1]])
    with pytest.raises(ValueError, match='score_rule'):
        frames_to_segments(SCORES, score_rule='median')


def test_frames_to_segments_accepts_tensors():
    np.testing.assert_allclose(
        frames_to_segments(torch.from_numpy(SCORES)), frames_to_segments(SCORES)
    )


def test_segments_to_frames_max_covering_rule():
    detections = np.array(
        [
            [0.5, 1.5, 0, 0.4],  # tokens [floor(1), ceil(3)) = 1, 2
            [0.6, 1.0, 0, 0.8],  # tokens [floor(1.2), ceil(2)) = 1
            [1.9, 9.0, 1, 0.3],  # tokens 3, 4 (clipped at T = 5)
            [-3.0, 0.2, 1, 0.9],  # tokens 0 (clipped at 0)
            [1.0, 2.0, 1, 0.005],  # below the score threshold: ignored
            [1.0, 1.0, 0, 0.9],  # zero length on a token boundary: covers nothing
        ]
    )
    frames = segments_to_frames(detections, 5, 2, feature_rate=2.0)
    expected = np.array([[0, 0.9], [0.8, 0], [0.4, 0], [0, 0.3], [0, 0.3]])
    np.testing.assert_allclose(frames, expected)
    with pytest.raises(ValueError, match='class out of range'):
        segments_to_frames(np.array([[0, 1, 2, 0.5]]), 5, 2, feature_rate=1.0)


def test_round_trip_frames_segments_frames():
    rng = np.random.default_rng(0)
    for rate in (1.0, 3.0, 25 / 8, 1 / 0.32):
        scores = rng.random((40, 6))
        segments = frames_to_segments(scores, threshold=0.5, score_rule='max', feature_rate=rate)
        frames = segments_to_frames(segments, 40, 6, feature_rate=rate, score_threshold=0.0)
        # Each run is painted back onto exactly its tokens, with the run's max score.
        covered = frames > 0
        np.testing.assert_array_equal(covered, scores >= 0.5)
        assert np.all(frames[covered] >= scores[covered])


def pointtad_reference(detections, num_tokens, num_classes, rate, sigma=3.0, gain=5.0):
    """PointTAD's notebook loop, with the kernel centred on the marked token."""
    marks = [dict() for _ in range(num_classes)]
    for start, end, label, score in detections:
        if score > 0.01:
            for loc in range(int(start * rate), int(end * rate)):
                marks[int(label)][loc] = max(marks[int(label)].get(loc, 0.0), score)
    grid = np.arange(num_tokens)
    out = np.zeros((num_tokens, num_classes))
    for label in range(num_classes):
        for loc, score in marks[label].items():
            out[:, label] += norm(loc=loc, scale=sigma).pdf(grid) * gain * score
    return out


def test_segments_to_frames_gaussian_matches_pointtad_formula():
    detections = np.array(
        [
            [1.0, 3.0, 0, 0.7],  # tokens 2..5 at rate 2
            [2.2, 4.1, 0, 0.9],  # overlaps: max over detections per token
            [-2.0, 1.0, 1, 0.5],  # starts before the video: marks outside still spread in
            [9.0, 20.0, 2, 0.6],  # ends after the video
            [4.0, 5.0, 2, 0.01],  # at the threshold: ignored (strict >)
        ]
    )
    frames = segments_to_frames(detections, 60, 3, feature_rate=2.0, mode='gaussian')
    # Relative precision holds in the far tails too (values down to ~1e-80).
    np.testing.assert_allclose(frames, pointtad_reference(detections, 60, 3, 2.0), rtol=1e-12)
    assert frames.shape == (60, 3) and frames.min() < 1e-60
