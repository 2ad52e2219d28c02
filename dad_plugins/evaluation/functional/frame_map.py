"""Per-frame (per-token) mean average precision, the dense-detection headline metric."""

from collections.abc import Sequence
from typing import Literal

import numpy as np

from .pooling import PooledTokens, as_pooled

FrameMAPAverage = Literal['present', 'all', 'nonzero']


def average_precision_rows(scores: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Non-interpolated average precision of every row, with scikit-learn's tie handling.

    For row (class) ``c`` with ``n_pos > 0`` positives::

        AP_c = 1 / n_pos * sum over positives t of  #{u positive: s_u >= s_t} / #{u: s_u >= s_t}

    i.e. the mean over positives of the precision at the score threshold ``s_t``. Without ties this
    is ``sum over positive ranks k of precision@k / n_pos``; with ties, all tokens sharing a score
    enter the ranking together (precision at the end of the tied group), exactly as
    ``sklearn.metrics.average_precision_score``. Each row is sorted once and the counts are read
    with binary search for the positives only.

    Args:
        scores (np.ndarray): Scores ``(C, N)``, finite; float32 is not upcast (same order, same
            result).
        labels (np.ndarray): Binary labels ``(C, N)``.

    Returns:
        np.ndarray: AP per row ``(C,)`` float64; NaN for rows without positives.
    """
    if scores.shape != labels.shape or scores.ndim != 2:
        raise ValueError(
            f'average precision: scores {scores.shape} and labels {labels.shape} must be equal '
            '2-D shapes'
        )
    labels = labels.astype(bool, copy=False)
    num_tokens = scores.shape[1]
    ap = np.full(scores.shape[0], np.nan)
    for c in np.flatnonzero(labels.any(axis=1)):
        all_sorted = np.sort(scores[c])  # (N,) ascending
        pos_sorted = np.sort(scores[c, labels[c]])  # (P,) ascending
        # Positives / all tokens scoring >= each positive's score.
        pos_above = pos_sorted.size - np.searchsorted(pos_sorted, pos_sorted, side='left')  # (P,)
        all_above = num_tokens - np.searchsorted(all_sorted, pos_sorted, side='left')  # (P,)
        ap[c] = np.mean(pos_above / all_above)
    return ap


def average_precision_per_class(scores: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Per-class AP of ``(N, C)`` scores and labels; see :func:`average_precision_rows`.

    Args:
        scores (np.ndarray): Scores ``(N, C)``.
        labels (np.ndarray): Binary labels ``(N, C)``.

    Returns:
        np.ndarray: AP per class ``(C,)``; NaN for classes without positives.
    """
    return average_precision_rows(np.ascontiguousarray(scores.T), np.ascontiguousarray(labels.T))


def sample_tokens(array: np.ndarray, num_samples: int = 25) -> np.ndarray:
    """Charades-localize token sampling of one video.

    For ``T > num_samples`` keep tokens ``1, 1 + T // num_samples, ...`` (``array[1::T // n]``),
    the first ``num_samples`` of them; shorter videos are kept whole.

    Args:
        array (np.ndarray): Per-token array ``(T, ...)``.
        num_samples (int): Tokens kept per video. Defaults to 25.

    Returns:
        np.ndarray: ``(min(T, num_samples), ...)``.
    """
    num_tokens = array.shape[0]
    if num_tokens <= num_samples:
        return array
    return array[1 :: num_tokens // num_samples][:num_samples]


def mean_ap(ap: np.ndarray, average: FrameMAPAverage) -> float:
    """Average per-class APs (NaN = class without positives).

    Args:
        ap (np.ndarray): AP per class ``(C,)``, NaN for classes without positives.
        average (str): ``'present'``: mean over classes with positives (scikit-learn ``nanmean``,
            MLAD); ``'all'``: mean over all classes, a class without positives counting 0
            (MS-TCT ``Evaluation.py``); ``'nonzero'``: mean over classes with AP > 0 (MS-TCT / PAT
            training logs).

    Returns:
        float: The mean, NaN when no class qualifies.
    """
    if average == 'present':
        selected = ap[~np.isnan(ap)]
    elif average == 'all':
        selected = np.nan_to_num(ap, nan=0.0)
    elif average == 'nonzero':
        selected = ap[ap > 0]
    else:
        raise ValueError(f"average must be 'present', 'all' or 'nonzero', got {average!r}")
    return float(selected.mean()) if selected.size else float('nan')


def frame_map(
    scores: np.ndarray | Sequence[np.ndarray] | PooledTokens,
    labels: np.ndarray | Sequence[np.ndarray] | None,
    average: FrameMAPAverage = 'present',
    sample: int | None = None,
) -> dict:
    """Per-frame mAP over the valid tokens of all videos.

    All tokens are pooled into ``S (N, C)`` / ``Y (N, C)``; AP per class is
    :func:`average_precision_rows` (non-interpolated, scikit-learn tie handling); the classes
    are averaged as chosen by ``average`` (see :func:`mean_ap`).

    Args:
        scores (np.ndarray | Sequence[np.ndarray] | PooledTokens): Concatenated ``(N, C)``
            scores, or one ``(T_v, C)`` array per video, or the videos already pooled with
            their labels. Padding tokens must already be removed.
        labels (np.ndarray | Sequence[np.ndarray] | None): Binary labels in the layout of
            ``scores``; None when ``scores`` are :class:`PooledTokens`.
        average (str): ``'present'`` (default), ``'all'`` or ``'nonzero'``.
        sample (int, optional): Charades-localize variant: keep ``sample`` (25) equally spaced
            tokens per video (:func:`sample_tokens`). Needs per-video lists.

    Returns:
        dict: ``mAP`` (float), ``per_class_ap`` (``(C,)`` array, NaN for classes without
        positives) and ``num_classes_present`` (int).
    """
    if sample is not None:
        if not isinstance(scores, Sequence) or not isinstance(labels, Sequence):
            raise ValueError('frame_map: sample= needs per-video lists')
        scores = [sample_tokens(np.asarray(s), sample) for s in scores]
        labels = [sample_tokens(np.asarray(g), sample) for g in labels]
    pooled = as_pooled(scores, labels)
    ap = average_precision_rows(pooled.class_major_scores, pooled.class_major_labels)
    return dict(
        mAP=mean_ap(ap, average),
        per_class_ap=ap,
        num_classes_present=int((~np.isnan(ap)).sum()),
    )
