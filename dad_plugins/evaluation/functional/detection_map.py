"""Detection mAP over tIoU thresholds (ActivityNet protocol; ASL, DualDETR, PointTAD, OpenTAD)."""

from collections.abc import Mapping, Sequence

import numpy as np

from dad_plugins.structures import temporal_iou

# Exact decimal thresholds: np.arange(0.1, 1.0, 0.1) gives 0.30000000000000004 and
# 0.7000000000000001, which would turn a tIoU of exactly 0.3 or 0.7 into a miss.
DEFAULT_TIOUS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


def _flatten(
    per_video: Mapping[str, np.ndarray], video_index: Mapping[str, int], width: int
) -> np.ndarray:
    """Stack ``{video_id: (N_v, width)}`` into ``(N, width + 1)`` with the video index first."""
    blocks = [np.zeros((0, width + 1))]
    for video_id, rows in per_video.items():
        rows = np.asarray(rows, dtype=np.float64).reshape(-1, width)
        blocks.append(np.column_stack([np.full(len(rows), video_index[video_id]), rows]))
    return np.concatenate(blocks, axis=0)


def _match(
    det_key: np.ndarray, det_segments: np.ndarray, gt: np.ndarray, tious: np.ndarray
) -> np.ndarray:
    """Greedy matching of score-sorted detections to ground truth of the same (video, class).

    A detection takes, among the not yet matched ground truth of its (video, class) group with
    ``tIoU >= thr``, the one with the highest tIoU (first in input order on equal tIoU); it is a
    false positive when there is none. Groups are independent, so step ``r`` handles the ``r``-th
    detection of every group at once, for all thresholds together.

    Args:
        det_key (np.ndarray): ``(N,)`` group key ``video * C + class`` of score-sorted detections.
        det_segments (np.ndarray): ``(N, 2)`` their segments.
        gt (np.ndarray): ``(M, 3)`` ground truth ``[key, start, end]``.
        tious (np.ndarray): ``(K,)`` thresholds.

    Returns:
        np.ndarray: ``(K, N)`` boolean true-positive flags.
    """
    true_pos = np.zeros((tious.size, det_key.size), dtype=bool)
    if gt.size == 0 or det_key.size == 0:
        return true_pos
    gt = gt[np.argsort(gt[:, 0], kind='stable')]
    group_keys, group_first, group_size = np.unique(gt[:, 0], return_index=True, return_counts=True)
    slot = np.arange(len(gt)) - np.repeat(group_first, group_size)  # (M,) index inside group
    grid = np.full((group_keys.size, group_size.max(), 2), np.nan)  # (G, S, 2) padded segments
    grid[np.repeat(np.arange(group_keys.size), group_size), slot] = gt[:, 1:]
    group = np.minimum(np.searchsorted(group_keys, det_key), group_keys.size - 1)  # (N,)
    has_gt = np.flatnonzero(group_keys[group] == det_key)  # (n,) detections with any gt
    iou = temporal_iou(det_segments[has_gt][:, None], grid[group[has_gt]])[:, 0]  # (n, S)
    iou = np.nan_to_num(iou, nan=-1.0)  # empty slots never match
    candidate = np.flatnonzero(iou.max(axis=1) >= tious.min())  # detections that can match
    det, iou, grp = has_gt[candidate], iou[candidate], group[has_gt[candidate]]
    by_group = np.argsort(grp, kind='stable')  # score order kept inside each group
    det, iou, grp = det[by_group], iou[by_group], grp[by_group]
    _, first, size = np.unique(grp, return_index=True, return_counts=True)
    rank = np.arange(grp.size) - np.repeat(first, size)  # (n',) position inside group
    by_rank = np.argsort(rank, kind='stable')
    step_bounds = np.searchsorted(rank[by_rank], np.arange(rank.max(initial=-1) + 2))
    taken = np.zeros((group_keys.size, tious.size, grid.shape[1]), dtype=bool)  # (G, K, S)
    for step in range(step_bounds.size - 1):
        now = by_rank[step_bounds[step] : step_bounds[step + 1]]  # one detection per group
        g = grp[now]
        free = (iou[now][:, None, :] >= tious[None, :, None]) & ~taken[g]  # (b, K, S)
        best = np.where(free, iou[now][:, None, :], -1.0).argmax(axis=2)  # (b, K)
        hit = free.any(axis=2)  # (b, K)
        true_pos[:, det[now]] = hit.T
        b_idx, k_idx = np.nonzero(hit)
        taken[g[b_idx], k_idx, best[b_idx, k_idx]] = True
    return true_pos


def _interpolated_ap(true_pos: np.ndarray, num_gt: int) -> np.ndarray:
    """All-point interpolated AP (VOC2011 / ActivityNet) of score-sorted detections of one class.

    ``AP = sum over true positives of envelope_precision / num_gt`` where the envelope is the
    running maximum of precision from the right; equal to the area under the monotone
    precision-recall envelope.

    Args:
        true_pos (np.ndarray): ``(K, n)`` boolean flags in descending score order.
        num_gt (int): Number of ground-truth segments of the class (> 0).

    Returns:
        np.ndarray: ``(K,)`` AP per threshold.
    """
    if true_pos.shape[1] == 0:
        return np.zeros(true_pos.shape[0])
    precision = np.cumsum(true_pos, axis=1) / np.arange(1, true_pos.shape[1] + 1)  # (K, n)
    envelope = np.maximum.accumulate(precision[:, ::-1], axis=1)[:, ::-1]  # (K, n)
    return (envelope * true_pos).sum(axis=1) / num_gt


def detection_map(
    detections: Mapping[str, np.ndarray],
    ground_truth: Mapping[str, np.ndarray],
    tious: Sequence[float] = DEFAULT_TIOUS,
    num_classes: int | None = None,
) -> dict:
    """ActivityNet-style detection mAP at several tIoU thresholds, per class independently.

    Per class, the detections of all videos are sorted by score, descending, with a **stable**
    sort (ties keep input order: video order of ``detections``, then row order). In that order each
    detection is matched to the not yet matched ground-truth segment of its video and class with
    the highest tIoU, if that tIoU is ``>= thr`` (true positive), else it is a false positive.
    Detections of videos absent from ``ground_truth`` are false positives. AP is the all-point
    interpolated area under the precision-recall curve. ``mAP@thr`` is the mean over the classes
    that have ground truth (a class with ground truth but no detection counts 0); ``mAP`` is the
    mean over thresholds.

    Args:
        detections (Mapping[str, np.ndarray]): ``{video_id: (N_v, 4)}`` rows
            ``[start_s, end_s, class, score]``.
        ground_truth (Mapping[str, np.ndarray]): ``{video_id: (M_v, 3)}`` rows
            ``[start_s, end_s, class]``.
        tious (Sequence[float]): tIoU thresholds. Defaults to 0.1, 0.2, ..., 0.9.
        num_classes (int, optional): Number of classes; inferred from the data when ``None``.

    Returns:
        dict: ``mAP@{thr}`` per threshold (e.g. ``mAP@0.5``), ``mAP`` (float, NaN without ground
        truth) and ``per_class_ap`` (``(K, C)`` array, NaN for classes without ground truth).
    """
    tious_arr = np.asarray(tious, dtype=np.float64)  # (K,)
    video_index = {v: i for i, v in enumerate(dict.fromkeys([*ground_truth, *detections]))}
    det = _flatten(detections, video_index, 4)  # (N, 5) [video, start, end, class, score]
    gt = _flatten(ground_truth, video_index, 3)  # (M, 4) [video, start, end, class]
    det_class, gt_class = det[:, 3].astype(np.int64), gt[:, 3].astype(np.int64)
    if num_classes is None:
        num_classes = int(max(det_class.max(initial=-1), gt_class.max(initial=-1))) + 1
    elif max(det_class.max(initial=-1), gt_class.max(initial=-1)) >= num_classes:
        raise ValueError(f'detection_map: a class index is >= num_classes={num_classes}')
    order = np.argsort(-det[:, 4], kind='stable')  # (N,) global score order
    det, det_class = det[order], det_class[order]
    true_pos = _match(
        det[:, 0] * num_classes + det_class,
        det[:, 1:3],
        np.column_stack([gt[:, 0] * num_classes + gt_class, gt[:, 1:3]]),
        tious_arr,
    )  # (K, N)
    num_gt = np.bincount(gt_class, minlength=num_classes)  # (C,)
    per_class_ap = np.full((tious_arr.size, num_classes), np.nan)  # (K, C)
    by_class = np.argsort(det_class, kind='stable')  # score order kept inside each class
    true_pos = true_pos[:, by_class]
    bounds = np.searchsorted(det_class[by_class], np.arange(num_classes + 1))  # (C + 1,)
    for c in np.flatnonzero(num_gt):
        per_class_ap[:, c] = _interpolated_ap(true_pos[:, bounds[c] : bounds[c + 1]], num_gt[c])
    per_threshold = np.full(tious_arr.size, np.nan)  # (K,)
    if num_gt.any():
        per_threshold = per_class_ap[:, num_gt > 0].mean(axis=1)
    result = {f'mAP@{t:g}': float(m) for t, m in zip(tious_arr, per_threshold)}
    result['mAP'] = float(per_threshold.mean())
    result['per_class_ap'] = per_class_ap
    return result
