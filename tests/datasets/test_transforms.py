import numpy as np

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
        streams=dict(entity=np.arange(num_tokens, dtype=np.float32)[:, None]),
        gt_frame_labels=labels,
        gt_segments=np.array([[1.0, 2.5], [4.0, 4.8]], np.float32),
        gt_token_segments=np.array([[2.0, 5.0], [8.0, 9.6]], np.float32),
        gt_labels=np.array([0, 1]),
    )


def test_random_window_crops_every_array_consistently():
    np.random.seed(3)
    window = TRANSFORMS.build(dict(type='RandomTemporalWindow', window_size=4))
    for _ in range(20):
        out = window(window_results())
        start = out['window_start']
        assert 0 <= start <= 6 and out['num_tokens'] == 4
        np.testing.assert_array_equal(out['feats'][:, 0], np.arange(start, start + 4) * 3)
        np.testing.assert_array_equal(out['streams']['entity'][:, 0], np.arange(start, start + 4))
        np.testing.assert_array_equal(
            out['gt_frame_labels'], window_results()['gt_frame_labels'][start : start + 4]
        )
        # Kept segments overlap the window and are clipped to it, in tokens and in seconds.
        assert (out['gt_token_segments'] >= 0).all() and (out['gt_token_segments'] <= 4).all()
        np.testing.assert_allclose(
            out['gt_segments'] * 2.0 - start, out['gt_token_segments'], atol=1e-5
        )
        expected = [
            label
            for label, (s, e) in zip([0, 1], [[2.0, 5.0], [8.0, 9.6]])
            if e > start and s < start + 4
        ]
        np.testing.assert_array_equal(out['gt_labels'], expected)


def test_short_video_is_kept_whole():
    out = TRANSFORMS.build(dict(type='RandomTemporalWindow', window_size=16))(window_results())
    assert out['window_start'] == 0 and out['num_tokens'] == 10 and len(out['gt_labels']) == 2


def test_features_in_memory_without_annotations_load_and_pack_without_labels():
    load = TRANSFORMS.build(dict(type='LoadClipFeatures', feat_dims=dict(feats=3)))
    pack = TRANSFORMS.build(dict(type='PackDenseInputs'))
    feats = np.arange(30, dtype=np.float32).reshape(10, 3)
    results = dict(video_id='v', duration=None, feature_rate=2.5, feat_paths=dict(feats=feats))
    out = pack(load(results))
    sample = out['data_samples']
    assert out['inputs'].shape == (3, 10) and out['streams'] == {}
    assert sample.duration == 4.0 and sample.feature_rate == 2.5 and sample.num_tokens == 10
    assert 'gt_frame_labels' not in sample and 'gt_instances' not in sample


def test_features_in_memory_are_checked_like_files():
    import pytest

    from dad_plugins.utils.input_errors import AnnotationError

    load = TRANSFORMS.build(dict(type='LoadClipFeatures', feat_dims=dict(feats=3)))
    results = dict(video_id='v', duration=None, feature_rate=1.0, feat_paths=dict(feats=None))
    results['feat_paths']['feats'] = np.zeros((4, 5), np.float32)
    with pytest.raises(AnnotationError, match="<array>, video 'v', field 'feats': feature dim 5"):
        load(results)
