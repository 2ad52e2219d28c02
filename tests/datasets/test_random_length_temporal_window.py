import numpy as np
import pytest

from dad_plugins.registry import TRANSFORMS

from .test_transforms import window_results


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


def test_one_candidate_crops_as_the_fixed_window():
    # Fixed-length training (MLAD Table 4): the same random windows as RandomTemporalWindow.
    fixed = TRANSFORMS.build(dict(type='RandomTemporalWindow', window_size=4))
    one = TRANSFORMS.build(dict(type='RandomLengthTemporalWindow', window_sizes=[4]))
    np.random.seed(3)
    expected = [fixed(window_results(num_tokens=10))['window_start'] for _ in range(20)]
    np.random.seed(3)
    assert [one(window_results(num_tokens=10))['window_start'] for _ in range(20)] == expected
    assert len(set(expected)) > 1
