import numpy as np
import pytest

from dad_plugins.registry import TRANSFORMS


def window_results(num_tokens=10):
    """A loaded video of ``num_tokens`` tokens; token ``t`` holds the features ``3t .. 3t + 2``."""
    labels = np.zeros((num_tokens, 2), np.float32)
    labels[2:5, 0] = 1
    return dict(
        video_id='v',
        duration=num_tokens / 2.0,
        feature_rate=2.0,
        num_tokens=num_tokens,
        feats=np.arange(num_tokens * 3, dtype=np.float32).reshape(num_tokens, 3),
        streams=dict(),
        gt_frame_labels=labels,
        gt_segments=np.array([[1.0, 2.5]], np.float32),
        gt_token_segments=np.array([[2.0, 5.0]], np.float32),
        gt_labels=np.array([0]),
    )


def test_lengths_are_drawn_from_the_candidates():
    np.random.seed(0)
    window = TRANSFORMS.build(dict(type='RandomLengthTemporalWindow', window_sizes=[2, 4, 6]))
    lengths = set()
    for _ in range(60):
        out = window(window_results(num_tokens=10))
        length, start = out['num_tokens'], out['window_start']
        lengths.add(length)
        np.testing.assert_array_equal(out['feats'][:, 0], np.arange(start, start + length) * 3)
        np.testing.assert_array_equal(
            out['gt_frame_labels'], window_results()['gt_frame_labels'][start : start + length]
        )
        assert (out['gt_token_segments'] <= length).all()
    assert lengths == {2, 4, 6}
    assert repr(window) == 'RandomLengthTemporalWindow(window_sizes=[2, 4, 6])'


def test_short_videos_stay_whole_and_empty_candidates_fail():
    window = TRANSFORMS.build(dict(type='RandomLengthTemporalWindow', window_sizes=[16, 32]))
    assert window(window_results(num_tokens=10))['num_tokens'] == 10
    with pytest.raises(ValueError, match='window_sizes'):
        TRANSFORMS.build(dict(type='RandomLengthTemporalWindow', window_sizes=[]))
