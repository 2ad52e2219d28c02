import numpy as np
import pytest
from sklearn.metrics import (
    coverage_error,
    hamming_loss,
    jaccard_score,
    label_ranking_average_precision_score,
    label_ranking_loss,
    precision_recall_fscore_support,
    zero_one_loss,
)

from dad_plugins.evaluation.functional import multilabel_metrics, per_class_precision_recall_f1


def sklearn_reference(scores, labels, threshold=0.5):
    predicted = scores >= threshold
    return dict(
        hamming_loss=hamming_loss(labels, predicted),
        zero_one_loss=zero_one_loss(labels, predicted),
        ranking_loss=label_ranking_loss(labels, scores),
        coverage_error=coverage_error(labels, scores),
        jaccard=jaccard_score(labels, predicted, average='samples', zero_division=0),
        lrap=label_ranking_average_precision_score(labels, scores),
    )


@pytest.mark.parametrize('seed', [0, 1, 2])
def test_matches_sklearn_with_ties_and_degenerate_tokens(seed):
    rng = np.random.default_rng(seed)
    scores = np.round(rng.random((400, 9)), 1)  # many ties within a token
    labels = rng.random((400, 9)) < 0.25
    labels[:40] = False  # tokens without any label
    labels[40:50] = True  # tokens with every label
    result = multilabel_metrics(scores, labels)
    reference = sklearn_reference(scores, labels)
    assert result.keys() == reference.keys()
    for name, value in reference.items():
        assert result[name] == pytest.approx(value), name


def test_per_video_lists_and_threshold():
    rng = np.random.default_rng(3)
    scores = [rng.random((t, 5)).astype(np.float32) for t in (10, 33)]
    labels = [rng.random((t, 5)) < 0.3 for t in (10, 33)]
    result = multilabel_metrics(scores, labels, threshold=0.7)
    reference = sklearn_reference(np.concatenate(scores), np.concatenate(labels), 0.7)
    for name, value in reference.items():
        assert result[name] == pytest.approx(value), name


def test_hand_example():
    scores = np.array([[0.9, 0.2, 0.6], [0.1, 0.8, 0.3]])
    labels = np.array([[1, 0, 0], [0, 0, 1]], dtype=bool)
    result = multilabel_metrics(scores, labels)
    # Predictions [1,0,1] / [0,1,0]: 3 wrong entries of 6; both tokens wrong.
    assert result['hamming_loss'] == pytest.approx(0.5)
    assert result['zero_one_loss'] == pytest.approx(1.0)
    # Jaccard: 1/2 and 0/2.
    assert result['jaccard'] == pytest.approx(0.25)
    # Token 2: the relevant class is ranked 2nd of 3: coverage 2, LRAP 1/2, 1 of 2 pairs wrong.
    assert result['coverage_error'] == pytest.approx(1.5)
    assert result['lrap'] == pytest.approx(0.75)
    assert result['ranking_loss'] == pytest.approx(0.25)


def test_per_class_hand_example():
    # 4 tokens, 3 classes, threshold 0.5.
    #   c0: labels 1,1,0,0, predicted 1,0,1,0 -> P 1/2, R 1/2, F1 1/2.
    #   c1: labels 0,1,1,1, predicted 0,0,0,0 -> never predicted: P 0, R 0, F1 0.
    #   c2: no positive -> NaN.
    labels = np.array([[1, 0, 0], [1, 1, 0], [0, 1, 0], [0, 1, 0]])
    scores = np.array([[0.9, 0.1, 0.7], [0.2, 0.4, 0.1], [0.6, 0.3, 0.2], [0.1, 0.2, 0.3]])
    result = per_class_precision_recall_f1(scores, labels)
    np.testing.assert_allclose(result['precision'], [0.5, 0, np.nan])
    np.testing.assert_allclose(result['recall'], [0.5, 0, np.nan])
    np.testing.assert_allclose(result['f1'], [0.5, 0, np.nan])


@pytest.mark.parametrize('seed', [0, 1])
def test_per_class_matches_sklearn(seed):
    rng = np.random.default_rng(seed)
    labels = [rng.random((t, 7)) < 0.2 for t in (50, 31)]
    labels[0][:, 6] = labels[1][:, 6] = False  # a class without positives
    scores = [rng.random((t, 7)) for t in (50, 31)]
    result = per_class_precision_recall_f1(scores, labels, threshold=0.6)
    precision, recall, f1, _ = precision_recall_fscore_support(
        np.concatenate(labels), np.concatenate(scores) >= 0.6, average=None, zero_division=0
    )
    for name, expected in dict(precision=precision, recall=recall, f1=f1).items():
        np.testing.assert_allclose(result[name][:6], expected[:6], err_msg=name)
        assert np.isnan(result[name][6])
