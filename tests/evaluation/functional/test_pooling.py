import numpy as np
import pytest

from dad_plugins.evaluation.functional.pooling import PooledTokens, as_pooled, pool_class_major


@pytest.fixture
def videos():
    rng = np.random.default_rng(0)
    scores = [rng.random((t, 4), dtype=np.float32) for t in (5, 1, 9)]
    labels = [(rng.random(s.shape) < 0.3).astype(np.float32) for s in scores]
    return scores, labels


def test_pooled_arrays_are_the_concatenated_videos(videos):
    scores, labels = videos
    pooled = PooledTokens(scores, labels)
    assert pooled.lengths == [5, 1, 9]
    np.testing.assert_array_equal(pooled.scores, np.concatenate(scores))
    np.testing.assert_array_equal(pooled.labels, np.concatenate(labels).astype(bool))
    np.testing.assert_array_equal(pooled.class_major_scores, np.concatenate(scores).T)
    np.testing.assert_array_equal(pooled.class_major_labels, np.concatenate(labels).T > 0)
    assert pooled.labels.dtype == pooled.class_major_labels.dtype == bool
    assert pooled.class_major_scores.flags.c_contiguous
    # computed once, then kept
    assert pooled.class_major_scores is pooled.class_major_scores
    np.testing.assert_array_equal(pool_class_major(scores), pooled.class_major_scores)


def test_labels_without_scores(videos):
    pooled = PooledTokens(None, videos[1])
    assert pooled.class_major_labels.shape == (4, 15)
    with pytest.raises(ValueError, match='no per-token scores'):
        _ = pooled.scores


def test_as_pooled_takes_lists_arrays_or_pooled_tokens(videos):
    scores, labels = videos
    pooled = PooledTokens(scores, labels)
    assert as_pooled(pooled, None) is pooled
    whole = np.concatenate(scores)
    assert as_pooled(whole, np.concatenate(labels)).scores is whole  # one array is not copied
    with pytest.raises(ValueError, match='labels must be None'):
        as_pooled(pooled, labels)
    with pytest.raises(ValueError, match='labels are required'):
        as_pooled(scores, None)
