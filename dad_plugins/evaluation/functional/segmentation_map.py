"""Segmentation mAP: per-frame mAP of scores rebuilt from detections (DualDETR, PointTAD)."""

from collections.abc import Sequence
from typing import Literal

import numpy as np

from dad_plugins.structures import segments_to_frames

from .frame_map import FrameMAPAverage, average_precision_rows, mean_ap
from .pooling import PooledTokens


def segmentation_map(
    detections: Sequence[np.ndarray],
    ground_truth_labels: Sequence[np.ndarray] | PooledTokens,
    feature_rates: Sequence[float],
    mode: Literal['max', 'gaussian'] = 'max',
    dense_scores: Sequence[np.ndarray] | PooledTokens | None = None,
    theta: float = 0.2,
    score_threshold: float = 0.01,
    sigma: float = 3.0,
    gain: float = 5.0,
    average: FrameMAPAverage = 'present',
) -> dict:
    """Per-frame mAP of per-token scores derived from segment detections.

    Each video's detections become ``(T_v, C)`` scores with
    :func:`dad_plugins.structures.segments_to_frames` (``T_v`` and ``C`` from its labels); when
    ``dense_scores`` are given they are fused as ``theta * from_detections + (1 - theta) * dense``
    (PointTAD: Gaussian spread, ``theta = 0.2`` on MultiTHUMOS); then per-frame mAP as in
    :func:`~.frame_map.frame_map`. Each video's scores are written straight into the pooled
    class-major ``(C, N)`` array.

    Args:
        detections (Sequence[np.ndarray]): Per video ``(N_v, 4)`` rows
            ``[start_s, end_s, class, score]``.
        ground_truth_labels (Sequence[np.ndarray] | PooledTokens): Per video binary labels
            ``(T_v, C)``, or the videos already pooled (with their dense scores when fusing).
        feature_rates (Sequence[float]): Per video tokens per second.
        mode (str): ``'max'`` (default) or ``'gaussian'`` (see ``segments_to_frames``).
        dense_scores (Sequence[np.ndarray] | PooledTokens, optional): Per video ``(T_v, C)``
            dense-head scores to fuse with, or the videos already pooled. ``None`` = no fusion.
        theta (float): Weight of the detection-derived scores in the fusion. Defaults to 0.2.
        score_threshold (float): Detections scoring at or below it are ignored. Defaults to 0.01.
        sigma (float): Gaussian sigma in tokens. Defaults to 3.
        gain (float): Gaussian gain. Defaults to 5.
        average (str): Class average of :func:`frame_map`. Defaults to ``'present'``.

    Returns:
        dict: ``mAP`` (float), ``per_class_ap`` (``(C,)``, NaN for classes without positives) and
        ``num_classes_present`` (int), as :func:`~.frame_map.frame_map`.
    """
    if isinstance(ground_truth_labels, PooledTokens):
        labels = ground_truth_labels
    else:
        labels = PooledTokens(None, ground_truth_labels)
    labels_ct = labels.class_major_labels  # (C, N)
    num_classes = labels_ct.shape[0]
    scores = np.empty(labels_ct.shape)  # (C, N)
    end = 0
    for dets, num_tokens, rate in zip(detections, labels.lengths, feature_rates, strict=True):
        frames = segments_to_frames(
            dets, num_tokens, num_classes, rate, mode, score_threshold, sigma, gain
        )  # (T_v, C), a view of (C, T_v)
        scores[:, end : end + num_tokens] = frames.T
        end += num_tokens
    if dense_scores is not None:
        if not isinstance(dense_scores, PooledTokens):
            dense_scores = PooledTokens(dense_scores, labels.video_labels)
        scores = theta * scores + (1 - theta) * dense_scores.class_major_scores
    ap = average_precision_rows(scores, labels_ct)
    return dict(
        mAP=mean_ap(ap, average), per_class_ap=ap, num_classes_present=int((~np.isnan(ap)).sum())
    )
