import numpy as np
import pytest
from sklearn.metrics import average_precision_score

from dad_plugins.evaluation.functional import (
    average_precision_per_class,
    frame_map,
    mean_ap,
    sample_tokens,
)


def sklearn_ap(scores, labels):
    """Per-class scikit-learn AP, NaN for classes without positives."""
    return np.array(
        [
            average_precision_score(labels[:, c], scores[:, c]) if labels[:, c].any() else np.nan
            for c in range(labels.shape[1])
        ]
    )


def test_ap_hand_examples_with_and_without_ties():
    labels = np.array([[1], [0], [1], [0]])
    # Ranks 1 and 3 positive: (1/1 + 2/3) / 2.
    assert average_precision_per_class(np.array([[0.9], [0.5], [0.4], [0.1]]), labels)[0] == (
        pytest.approx(5 / 6)
    )
    # Tie between a positive and a negative at rank 2-3: both enter together, precision 2/3.
    labels = np.array([[1], [1], [0]])
    tied = average_precision_per_class(np.array([[0.9], [0.5], [0.5]]), labels)[0]
    assert tied == pytest.approx((1 + 2 / 3) / 2)
    untied = average_precision_per_class(np.array([[0.9], [0.5], [0.4]]), labels)[0]
    assert untied == pytest.approx(1.0)


@pytest.mark.parametrize('dtype', [np.float32, np.float64])
def test_ap_matches_sklearn_with_ties_and_empty_classes(dtype):
    rng = np.random.default_rng(0)
    scores = np.round(rng.random((500, 12)), 1).astype(dtype)  # heavy ties
    labels = rng.random((500, 12)) < 0.15
    labels[:, [2, 7]] = False
    ap = average_precision_per_class(scores, labels)
    np.testing.assert_allclose(ap, sklearn_ap(scores, labels), equal_nan=True)
    assert np.isnan(ap[[2, 7]]).all()


def test_averages():
    ap = np.array([0.5, np.nan, 0.0, 1.0])
    assert mean_ap(ap, 'present') == pytest.approx(0.5)
    assert mean_ap(ap, 'all') == pytest.approx(1.5 / 4)
    assert mean_ap(ap, 'nonzero') == pytest.approx(0.75)
    assert np.isnan(mean_ap(np.array([np.nan]), 'present'))
    with pytest.raises(ValueError, match='average'):
        mean_ap(ap, 'macro')


def test_frame_map_lists_equal_concatenation_and_average_options():
    rng = np.random.default_rng(1)
    lengths = [30, 7, 51]
    scores = [rng.random((t, 6)).astype(np.float32) for t in lengths]
    labels = [rng.random((t, 6)) < 0.2 for t in lengths]
    labels[0][:, 5] = labels[1][:, 5] = labels[2][:, 5] = False
    pooled = sklearn_ap(np.concatenate(scores), np.concatenate(labels))
    result = frame_map(scores, labels)
    np.testing.assert_allclose(result['per_class_ap'], pooled, equal_nan=True)
    assert result['mAP'] == pytest.approx(np.nanmean(pooled))
    assert result['num_classes_present'] == 5
    assert frame_map(scores, labels, average='all')['mAP'] == pytest.approx(np.nansum(pooled) / 6)
    concatenated = frame_map(np.concatenate(scores), np.concatenate(labels))
    assert concatenated['mAP'] == pytest.approx(result['mAP'])


def test_sample_tokens_charades_localize():
    video = np.arange(60)[:, None]
    # T = 60 > 25: step 60 // 25 = 2 from token 1, first 25 -> 1, 3, ..., 49.
    np.testing.assert_array_equal(sample_tokens(video)[:, 0], np.arange(1, 50, 2))
    np.testing.assert_array_equal(sample_tokens(video[:26])[:, 0], np.arange(1, 26))
    np.testing.assert_array_equal(sample_tokens(video[:25]), video[:25])


def test_frame_map_sample_variant():
    rng = np.random.default_rng(2)
    scores = [rng.random((t, 4)) for t in (60, 10, 130)]
    labels = [rng.random((t, 4)) < 0.3 for t in (60, 10, 130)]
    sampled = frame_map(scores, labels, sample=25)
    expected = sklearn_ap(
        np.concatenate([sample_tokens(s) for s in scores]),
        np.concatenate([sample_tokens(g) for g in labels]),
    )
    assert sampled['mAP'] == pytest.approx(np.nanmean(expected))
    assert sampled['mAP'] != pytest.approx(frame_map(scores, labels)['mAP'])
    with pytest.raises(ValueError, match='per-video'):
        frame_map(np.concatenate(scores), np.concatenate(labels), sample=25)


def test_shape_mismatch_is_an_error():
    with pytest.raises(ValueError, match='equal'):
        average_precision_per_class(np.zeros((4, 3)), np.zeros((4, 2)))
