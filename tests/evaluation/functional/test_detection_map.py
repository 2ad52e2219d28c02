import numpy as np
import pytest

from dad_plugins.evaluation.functional import DEFAULT_TIOUS, detection_map


def test_duplicates_and_second_ground_truth():
    ground_truth = {'v': np.array([[0.0, 10.0, 0], [20.0, 30.0, 0]])}
    detections = {
        'v': np.array(
            [
                [0.0, 10.0, 0, 0.9],  # TP (first GT)
                [1.0, 10.0, 0, 0.8],  # tIoU 0.9 with the taken GT, 0 with the other: FP
                [20.0, 30.0, 0, 0.7],  # TP (second GT)
            ]
        )
    }
    # Precision 1, 1/2, 2/3 at recall 1/2, 1/2, 1 -> envelope 1, 2/3, 2/3 -> AP = 1/2 + 1/2 * 2/3.
    result = detection_map(detections, ground_truth)
    for thr in DEFAULT_TIOUS:
        assert result[f'mAP@{thr:g}'] == pytest.approx(5 / 6)
    assert result['mAP'] == pytest.approx(5 / 6)


def test_tiou_exactly_at_threshold():
    ground_truth = {'v': np.array([[0.0, 10.0, 0]])}
    # tIoU exactly 0.5 and 0.3: a match at every threshold <= the tIoU.
    half = detection_map({'v': np.array([[0.0, 5.0, 0, 0.9]])}, ground_truth)
    assert [half[f'mAP@{t:g}'] for t in DEFAULT_TIOUS] == [1, 1, 1, 1, 1, 0, 0, 0, 0]
    assert half['mAP'] == pytest.approx(5 / 9)
    third = detection_map({'v': np.array([[0.0, 3.0, 0, 0.9]])}, ground_truth)
    assert [third[f'mAP@{t:g}'] for t in DEFAULT_TIOUS] == [1, 1, 1, 0, 0, 0, 0, 0, 0]
    # 0.7 as well (np.arange(0.1, 1.0, 0.1) would hold 0.7000000000000001 and miss it).
    seven = detection_map({'v': np.array([[0.0, 7.0, 0, 0.9]])}, ground_truth)
    assert [seven[f'mAP@{t:g}'] for t in DEFAULT_TIOUS] == [1, 1, 1, 1, 1, 1, 1, 0, 0]


def test_score_ties_keep_input_order():
    ground_truth = {'v': np.array([[0.0, 10.0, 0]])}
    miss_first = {'v': np.array([[20.0, 30.0, 0, 0.5], [0.0, 10.0, 0, 0.5]])}
    hit_first = {'v': miss_first['v'][::-1]}
    # FP then TP: precision 0, 1/2 -> AP 1/2; TP then FP: AP 1.
    assert detection_map(miss_first, ground_truth)['mAP'] == pytest.approx(0.5)
    assert detection_map(hit_first, ground_truth)['mAP'] == pytest.approx(1.0)


def test_classes_without_ground_truth_and_videos_without_detections():
    ground_truth = {
        'a': np.array([[0.0, 10.0, 0]]),
        'b': np.array([[5.0, 8.0, 0], [0.0, 4.0, 2]]),  # class 2: ground truth, no detection
        'c': np.zeros((0, 3)),
    }
    detections = {
        'a': np.array([[0.0, 10.0, 0, 0.9], [0.0, 10.0, 1, 0.95]]),  # class 1 has no GT
        'c': np.array([[5.0, 8.0, 0, 0.99]]),  # video without GT: false positive
        'unknown': np.array([[5.0, 8.0, 0, 0.98]]),  # video absent from ground truth: FP
    }
    result = detection_map(detections, ground_truth, tious=(0.5,))
    # Class 0 (GT in a, b): FP, FP, TP -> precision 1/3 at recall 1/2 -> AP 1/6.
    # Class 2: AP 0. Class 1: not averaged.
    np.testing.assert_allclose(result['per_class_ap'], [[1 / 6, np.nan, 0.0]])
    assert result['mAP@0.5'] == pytest.approx(1 / 12)
    assert result['mAP'] == pytest.approx(1 / 12)


def test_each_threshold_locks_its_own_ground_truth():
    ground_truth = {'v': np.array([[0.0, 10.0, 0], [0.0, 6.0, 0]])}
    detections = {'v': np.array([[0.0, 7.0, 0, 0.9], [0.0, 10.0, 0, 0.8]])}
    result = detection_map(detections, ground_truth, tious=(0.5, 0.8))
    # @0.5: d1 takes [0,6] (tIoU 6/7 > 7/10), d2 takes [0,10]: AP 1.
    # @0.8: d1 takes [0,6] (6/7 >= 0.8), d2 takes [0,10] (1.0): AP 1.
    assert result['mAP@0.5'] == pytest.approx(1.0)
    assert result['mAP@0.8'] == pytest.approx(1.0)
    # With d1 = [0,9]: @0.5 it takes [0,10] (0.9 > 2/3); d2 = [0,10] then matches [0,6] at 0.6.
    detections = {'v': np.array([[0.0, 9.0, 0, 0.9], [0.0, 10.0, 0, 0.8]])}
    result = detection_map(detections, ground_truth, tious=(0.5, 0.7))
    assert result['mAP@0.5'] == pytest.approx(1.0)
    assert result['mAP@0.7'] == pytest.approx(0.5)  # d2's only free GT has tIoU 0.6


def test_no_ground_truth_and_bad_class():
    result = detection_map({'v': np.array([[0, 1, 0, 0.5]])}, {'v': np.zeros((0, 3))})
    assert np.isnan(result['mAP'])
    with pytest.raises(ValueError, match='num_classes'):
        detection_map({'v': np.array([[0, 1, 3, 0.5]])}, {}, num_classes=2)


def activitynet_reference(detections, ground_truth, tious, num_classes):
    """ActivityNet's compute_average_precision_detection, per class, with Python loops."""
    ap = np.full((len(tious), num_classes), np.nan)
    for c in range(num_classes):
        gts = [(v, s, e) for v, rows in ground_truth.items() for s, e, k in rows if k == c]
        preds = [(v, s, e, p) for v, rows in detections.items() for s, e, k, p in rows if k == c]
        if not gts:
            continue
        preds = sorted(preds, key=lambda row: -row[3])  # stable
        taken = np.zeros((len(tious), len(gts)), dtype=bool)
        tp = np.zeros((len(tious), len(preds)))
        for n, (video, start, end, _) in enumerate(preds):
            candidates = [g for g, gt in enumerate(gts) if gt[0] == video]
            overlaps = []
            for g in candidates:
                inter = max(0.0, min(end, gts[g][2]) - max(start, gts[g][1]))
                union = (end - start) + (gts[g][2] - gts[g][1]) - inter
                overlaps.append(inter / union if union > 0 else 0.0)
            order = sorted(range(len(candidates)), key=lambda k: -overlaps[k])
            for t, thr in enumerate(tious):
                for k in order:
                    if overlaps[k] < thr:
                        break
                    if not taken[t, candidates[k]]:
                        taken[t, candidates[k]] = True
                        tp[t, n] = 1
                        break
        for t in range(len(tious)):
            cum_tp = np.cumsum(tp[t])
            precision = cum_tp / np.arange(1, len(preds) + 1)
            recall = cum_tp / len(gts)
            mprec = np.concatenate([[0], precision, [0]])
            mrec = np.concatenate([[0], recall, [1]])
            for i in range(len(mprec) - 2, -1, -1):
                mprec[i] = max(mprec[i], mprec[i + 1])
            idx = np.flatnonzero(mrec[1:] != mrec[:-1]) + 1
            ap[t, c] = np.sum((mrec[idx] - mrec[idx - 1]) * mprec[idx])
    return ap


@pytest.mark.parametrize('seed', range(5))
def test_matches_activitynet_reference_on_random_data(seed):
    rng = np.random.default_rng(seed)
    ground_truth, detections = {}, {}
    for v in range(8):
        m = rng.integers(0, 6)
        start = rng.integers(0, 30, m).astype(float)
        ground_truth[f'v{v}'] = np.column_stack(
            [start, start + rng.integers(1, 10, m), rng.integers(0, 4, m)]
        )
        # Detections around the ground truth plus random ones, scores with ties.
        pick = rng.integers(0, max(m, 1), 12 if m else 0)
        near = ground_truth[f'v{v}'][pick] if m else np.zeros((0, 3))
        jitter = rng.integers(-2, 3, (len(near), 2))
        rand_start = rng.integers(0, 30, 6).astype(float)
        rand = np.column_stack(
            [rand_start, rand_start + rng.integers(1, 10, 6), rng.integers(0, 4, 6)]
        )
        rows = np.concatenate([np.column_stack([near[:, :2] + jitter, near[:, 2]]), rand])
        rows[:, 1] = np.maximum(rows[:, 1], rows[:, 0])
        detections[f'v{v}'] = np.column_stack([rows, np.round(rng.random(len(rows)), 1)])
    result = detection_map(detections, ground_truth, num_classes=4)
    expected = activitynet_reference(detections, ground_truth, DEFAULT_TIOUS, 4)
    np.testing.assert_allclose(result['per_class_ap'], expected, equal_nan=True)
    assert result['mAP'] > 0.1  # the data does contain matches
