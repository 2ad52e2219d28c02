import warnings

import numpy as np
import pytest
from sklearn.metrics import average_precision_score, precision_recall_fscore_support

from dad_plugins.evaluation.functional import (
    action_condition_mask,
    action_conditional_metrics,
    action_conditional_metrics_multi,
)

# One video, 6 tokens, 3 classes.
LABELS = np.array([[1, 0, 0], [1, 1, 0], [0, 1, 0], [0, 1, 1], [0, 0, 1], [0, 0, 0]], dtype=bool)
SCORES = np.array(
    [
        [0.9, 0.2, 0.1],
        [0.8, 0.4, 0.3],
        [0.3, 0.7, 0.9],
        [0.1, 0.4, 0.8],
        [0.2, 0.1, 0.7],
        [0.6, 0.3, 0.2],
    ]
)


def test_hand_example_tau_0():
    # M = G. Subsets: c0 -> {t0, t1}, c1 -> {t1, t2, t3}, c2 -> {t3, t4}. Valid pairs (i | j):
    #   (1|0): labels [0,1], scores [.2,.4] -> no prediction: P 0, R 0; AP 1 (t1 ranked first).
    #   (2|0): no positive of c2 at t0, t1 -> not a pair.
    #   (0|1): labels [1,0,0], scores [.8,.3,.1] -> P 1, R 1, AP 1.
    #   (2|1): labels [0,0,1], scores [.3,.9,.8] -> preds t2,t3: P 1/2, R 1; AP: t2 (neg) before
    #          t3 (pos) -> 1/2.
    #   (1|2): labels [1,0], scores [.4,.1] -> no prediction: P 0, R 0; AP 1.
    # P_AC = (0 + 1 + .5 + 0) / 4, R_AC = (0 + 1 + 1 + 0) / 4, mAP = 3.5 / 4. Per-pair F1:
    # 0, 1, 2/3, 0 -> F1_AC = (5/3) / 4; the F1 of the averages is 2 .375 .5 / .875 = .4286.
    result = action_conditional_metrics([SCORES], [LABELS], tau=0)
    assert result['num_pairs'] == 4
    assert result['P_AC'] == pytest.approx(0.375)
    assert result['R_AC'] == pytest.approx(0.5)
    assert result['F1_AC'] == pytest.approx(5 / 12)
    assert result['mAP_AC'] == pytest.approx(0.875)
    released = action_conditional_metrics([SCORES], [LABELS], tau=0, f1='averages')
    assert released['F1_AC'] == pytest.approx(2 * 0.375 * 0.5 / 0.875)
    assert {k: v for k, v in released.items() if k != 'F1_AC'} == pytest.approx(
        {k: v for k, v in result.items() if k != 'F1_AC'}
    )


def test_hand_example_positive_tau():
    # tau = 3: c_j in tokens t-2..t and absent at t.
    #   c0 (t0, t1) -> {t2, t3}; c1 (t1..t3) -> {t4, t5}; c2 (t3, t4) -> {t5}.
    #   (1|0): labels [1,1], scores [.7,.4] -> pred t2: P 1, R 1/2; AP 1.
    #   (2|0): labels [0,1], scores [.9,.8] -> preds t2,t3: P 1/2, R 1; AP 1/2.
    #   (2|1): labels [1,0], scores [.7,.2] -> P 1, R 1, AP 1.   (0|1): no positive.
    #   c2's subset {t5} has no positive at all.
    #   Per-pair F1: 2/3, 2/3, 1.
    result = action_conditional_metrics([SCORES], [LABELS], tau=3)
    assert result['num_pairs'] == 3
    for name in ('P_AC', 'R_AC', 'mAP_AC'):
        assert result[name] == pytest.approx(2.5 / 3), name
    assert result['F1_AC'] == pytest.approx(7 / 9)
    assert action_conditional_metrics([SCORES], [LABELS], 3, f1='averages')[
        'F1_AC'
    ] == pytest.approx(2.5 / 3)


def test_hand_example_negative_tau():
    # tau = -3: c_j in tokens t..t+2 and absent at t.
    #   c0 -> {} ; c1 (t1..t3) -> {t0}; c2 (t3, t4) -> {t1, t2}.
    #   (0|1): labels [1], score .9 -> P 1, R 1, AP 1.
    #   (0|2): labels [1,0], scores [.8,.3] -> P 1, R 1, AP 1.
    #   (1|2): labels [1,1], scores [.4,.7] -> pred t2 only: P 1, R 1/2, AP 1.
    result = action_conditional_metrics([SCORES], [LABELS], tau=-3)
    assert result['num_pairs'] == 3
    assert result['P_AC'] == pytest.approx(1.0)
    assert result['R_AC'] == pytest.approx(2.5 / 3)
    assert result['F1_AC'] == pytest.approx((1 + 1 + 2 / 3) / 3)
    assert result['mAP_AC'] == pytest.approx(1.0)


def test_mask_hand_values_and_video_boundaries():
    column = np.array([1, 0, 0, 0, 1, 0, 0])[:, None]
    np.testing.assert_array_equal(action_condition_mask(column, 0)[:, 0], column[:, 0])
    np.testing.assert_array_equal(action_condition_mask(column, 2)[:, 0], [0, 1, 0, 0, 0, 1, 0])
    np.testing.assert_array_equal(action_condition_mask(column, -2)[:, 0], [0, 0, 0, 1, 0, 0, 0])
    # Two videos [1,0,0] + [0,1,0,0]: windows stop at the boundary.
    np.testing.assert_array_equal(
        action_condition_mask(column, 3, lengths=[3, 4])[:, 0], [0, 1, 1, 0, 0, 1, 1]
    )
    np.testing.assert_array_equal(
        action_condition_mask(column, -4, lengths=[3, 4])[:, 0], [0, 0, 0, 1, 0, 0, 0]
    )


def mlad_reference(scores, labels, tau):
    """MLAD's cooccur_metric.py (positive tau: np.roll window), rewritten with loops."""
    masks = []
    for video in labels:
        video = video.astype(np.int64)
        if tau == 0:
            masks.append(video)
            continue
        cumsum = np.cumsum(video, 0)
        rolled = np.roll(cumsum, tau, 0)
        rolled[:tau] = 0
        masks.append(np.clip(np.clip(cumsum - rolled, 0, 1) - video, 0, 1))
    y_pred, y_gt, mask = np.concatenate(scores), np.concatenate(labels), np.concatenate(masks)
    precision, recall, f1, ap = [], [], [], []
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        for j in range(y_gt.shape[1]):
            subset = mask[:, j] == 1
            if not subset.any():
                continue
            gt, pred = y_gt[subset], y_pred[subset]
            p, r, f, support = precision_recall_fscore_support(
                gt, pred >= 0.5, average=None, zero_division=0
            )
            for i in range(y_gt.shape[1]):
                if i != j and support[i] > 0:
                    precision.append(p[i])
                    recall.append(r[i])
                    f1.append(f[i])
                    ap.append(average_precision_score(gt[:, i], pred[:, i]))
    return np.mean(precision), np.mean(recall), np.mean(f1), np.mean(ap), len(precision)


@pytest.mark.parametrize('tau', [0, 2, 5, 40])
def test_matches_mlad_on_random_videos(tau):
    rng = np.random.default_rng(tau)
    lengths = [12, 30, 7, 25]
    labels = [rng.random((t, 6)) < 0.25 for t in lengths]
    scores = [np.round(rng.random((t, 6)), 1).astype(np.float32) for t in lengths]  # with ties
    p, r, f1, ap, pairs = mlad_reference(scores, labels, tau)
    result = action_conditional_metrics(scores, labels, tau)
    assert result['num_pairs'] == pairs
    assert result['P_AC'] == pytest.approx(p)
    assert result['R_AC'] == pytest.approx(r)
    assert result['F1_AC'] == pytest.approx(f1)  # scikit-learn's per-pair F1, averaged
    assert result['mAP_AC'] == pytest.approx(ap)
    # MLAD's released get_f1(prec, rec), without its 1e-9.
    averages = action_conditional_metrics(scores, labels, tau, f1='averages')['F1_AC']
    assert averages == pytest.approx(2 * p * r / (p + r))
    assert result['F1_AC'] < averages  # the paper's tables: F1_AC below the harmonic mean


def test_unknown_f1_is_rejected():
    with pytest.raises(ValueError, match='f1 must be one of'):
        action_conditional_metrics([SCORES], [LABELS], tau=0, f1='mean')


def test_negative_tau_is_the_mirror_of_positive_tau():
    rng = np.random.default_rng(7)
    labels = [rng.random((t, 5)) < 0.3 for t in (20, 9)]
    scores = [rng.random((t, 5)) for t in (20, 9)]
    backward = action_conditional_metrics(scores, labels, tau=-4)
    mirrored = action_conditional_metrics([s[::-1] for s in scores], [g[::-1] for g in labels], 4)
    assert backward == pytest.approx(mirrored)


def test_float64_scores_and_multi():
    rng = np.random.default_rng(8)
    labels = [rng.random((t, 4)) < 0.3 for t in (15, 22)]
    scores32 = [np.round(rng.random((t, 4)), 2).astype(np.float32) for t in (15, 22)]
    # float64 scores that float32 cannot represent take the rank-key path; same metrics.
    scores64 = [s.astype(np.float64) + 1e-12 * (s > 0.5) for s in scores32]
    multi = action_conditional_metrics_multi(scores64, labels, (0, 3, -3))
    for tau in (0, 3, -3):
        assert multi[tau] == pytest.approx(action_conditional_metrics(scores32, labels, tau))


def test_no_valid_pairs():
    result = action_conditional_metrics([SCORES], [LABELS], tau=1)  # window = current token
    assert result['num_pairs'] == 0
    assert np.isnan(result['P_AC']) and np.isnan(result['mAP_AC'])


def test_negative_scores_keep_their_order():
    rng = np.random.default_rng(9)
    labels = [rng.random((t, 4)) < 0.3 for t in (15, 22)]
    scores = [np.round(rng.random((t, 4)), 1).astype(np.float32) for t in (15, 22)]
    logits = [s - np.float32(0.5) for s in scores]  # same order and ties, some negative, -0.0
    zero = logits[0] == 0
    assert zero.any()
    logits[0][zero] = np.float32(-0.0)  # -0.0 ties with +0.0
    for tau in (0, 3):
        expected = action_conditional_metrics(scores, labels, tau, threshold=0.5)
        assert action_conditional_metrics(logits, labels, tau, threshold=0.0) == pytest.approx(
            expected
        )
