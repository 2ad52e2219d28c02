"""Action-conditional metrics of MLAD (Tirupattur et al., CVPR 2021, Sec. 4)."""

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from .pooling import PooledTokens, as_pooled


def _nearest_positives(labels: np.ndarray, tau: int) -> np.ndarray:
    """Token index of each class's nearest positive, class-major ``(C, N)`` int32.

    ``tau > 0``: the latest positive at or before each token (-1 if none); ``tau < 0``: the
    earliest positive at or after it (``N`` if none). One running maximum (minimum) serves every
    offset of that sign.
    """
    num_tokens = labels.shape[1]
    token = np.arange(num_tokens, dtype=np.int32)  # (N,)
    if tau > 0:
        nearest = np.where(labels, token, np.int32(-1))  # (C, N)
        return np.maximum.accumulate(nearest, axis=1, out=nearest)
    nearest = np.where(labels[:, ::-1], token[::-1], np.int32(num_tokens))  # (C, N) reversed
    return np.minimum.accumulate(nearest, axis=1, out=nearest)[:, ::-1]


def _class_major_mask(
    labels: np.ndarray, tau: int, lengths: Sequence[int], nearest: np.ndarray | None = None
) -> np.ndarray:
    """Condition mask in class-major layout: boolean ``labels (C, N)`` -> ``(C, N)``.

    ``nearest`` is :func:`_nearest_positives` of ``labels`` for the sign of ``tau``, computed
    here when not given. A window ``[low, high)`` that never crosses a video boundary holds a
    positive iff the nearest positive lies in it.
    """
    if tau == 0:
        return labels
    if nearest is None:
        nearest = _nearest_positives(labels, tau)
    lengths = np.asarray(lengths, dtype=np.int64)
    video_end = np.repeat(np.cumsum(lengths), lengths)  # (N,) one past each token's video
    video_start = video_end - np.repeat(lengths, lengths)  # (N,)
    token = np.arange(labels.shape[1])  # (N,)
    if tau > 0:
        in_window = nearest >= np.maximum(token + 1 - tau, video_start)  # (C, N)
    else:
        in_window = nearest < np.minimum(token - tau, video_end)  # (C, N)
    return in_window & ~labels


def action_condition_mask(
    labels: np.ndarray, tau: int, lengths: Sequence[int] | None = None
) -> np.ndarray:
    """Condition mask ``M (T, C)`` for the offset ``tau`` (in tokens).

    - ``tau = 0``: ``M = G`` (class ``c_j`` present at the same token).
    - ``tau > 0``: ``M[t, j] = 1`` iff ``c_j`` has a positive in tokens ``t - tau + 1 .. t`` (a
      running window sum read from a cumulative sum) and is absent at ``t``:
      ``M = clip(min(cnt, 1) - G, 0, 1)``.
    - ``tau < 0``: the same on the time-reversed video, i.e. a positive in tokens
      ``t .. t + |tau| - 1``.

    Windows never cross a video boundary.

    Args:
        labels (np.ndarray): Binary labels ``(T, C)`` of one video, or of several videos
            concatenated along time.
        tau (int): Offset in tokens.
        lengths (Sequence[int], optional): Lengths of the concatenated videos (sum ``T``).
            ``None`` = one video.

    Returns:
        np.ndarray: Boolean mask ``(T, C)``.
    """
    labels_ct = np.ascontiguousarray(np.asarray(labels).T).astype(bool)  # (C, T)
    lengths = [labels_ct.shape[1]] if lengths is None else lengths
    return _class_major_mask(labels_ct, tau, lengths).T


def _sortable_keys(scores: np.ndarray) -> np.ndarray:
    """Unsigned 32-bit keys with the order and the ties of ``scores`` (``(N, C)``, finite).

    Scores exactly representable in float32 map through their IEEE bits (``-0.0`` folded onto
    ``+0.0``): non-negative floats already order like their bit patterns; with negative scores
    the sign-magnitude bits are turned into an unsigned order. Other scores fall back to
    per-class ranks (slower: one ``argsort`` per class).
    """
    if scores.dtype == np.float32 or np.array_equal(scores.astype(np.float32), scores):
        as_float32 = np.add(scores, 0, dtype=np.float32)  # a copy, with -0.0 -> +0.0
        bits = as_float32.view(np.uint32)
        if as_float32.min() >= 0:
            return bits
        # Negative floats: flip all bits; non-negative: set the sign bit.
        return bits ^ ((bits.view(np.int32) >> 31).view(np.uint32) | np.uint32(0x80000000))
    keys = np.empty(scores.shape, dtype=np.uint32)
    for c in range(scores.shape[1]):
        order = np.argsort(scores[:, c], kind='stable')
        ordered = scores[order, c]
        keys[order, c] = np.concatenate([[0], np.cumsum(ordered[1:] != ordered[:-1])])
    return keys


def _tag_keys(keys: np.ndarray) -> np.ndarray:
    """``keys << 1 | 1``: room for a label bit below the key (uint64 when keys use 32 bits).

    Args:
        keys (np.ndarray): ``(N, C)`` uint32 keys from :func:`_sortable_keys`; tagged in place
            when they fit in 31 bits.

    Returns:
        np.ndarray: ``(N, C)`` tagged keys, uint32 or uint64, every label bit set (negative).
    """
    dtype = np.uint32 if keys.max(initial=0) < 1 << 31 else np.uint64
    tagged = keys.astype(dtype, copy=False)
    np.left_shift(tagged, 1, out=tagged)
    tagged |= 1
    return tagged


def _average_precision_from_tags(
    tagged: np.ndarray, pos_column: np.ndarray, pos_token: np.ndarray
) -> np.ndarray:
    """Average precision of every row of a small matrix, all rows in one vectorised pass.

    Same definition and tie handling as :func:`~.frame_map.average_precision_rows`. Positives get
    their label bit cleared, so after sorting each row they lead their tie group and the
    position of each positive gives the count of entries scoring at least as high.

    Args:
        tagged (np.ndarray): ``(k, n)`` C-contiguous tagged keys (:func:`_tag_keys`); sorted in
            place.
        pos_column (np.ndarray): ``(P,)`` row (class) of each positive; every row has one.
        pos_token (np.ndarray): ``(P,)`` column (token) of each positive.

    Returns:
        np.ndarray: ``(k,)`` AP per row.
    """
    num_rows, num_tokens = tagged.shape
    tagged[pos_column, pos_token] ^= 1
    tagged.sort(axis=1)
    row, at = np.nonzero((tagged & 1) == 0)  # (P,) positives by row, then ascending key
    key = tagged[row, at] >> 1
    index = np.arange(row.size)
    new_group = np.r_[True, (row[1:] != row[:-1]) | (key[1:] != key[:-1])]  # tie groups
    group_first = np.maximum.accumulate(np.where(new_group, index, 0))  # (P,)
    all_above = num_tokens - (at - (index - group_first))  # entries with key >= own key
    num_pos = np.bincount(row, minlength=num_rows)  # (k,)
    row_first = np.cumsum(num_pos) - num_pos  # (k,)
    pos_above = num_pos[row] - (group_first - row_first[row])  # positives with key >= own key
    return np.bincount(row, weights=pos_above / all_above, minlength=num_rows) / num_pos


class _Pooled(NamedTuple):
    """Pooled per-token arrays shared by all offsets; CSR = positive classes of each token."""

    tagged: np.ndarray  # (N, C) tagged score keys, see _tag_keys
    predicted: np.ndarray  # (N, C) bool, scores >= threshold
    label_ptr: np.ndarray  # (N + 1,) CSR row pointers of the labels
    label_cls: np.ndarray  # (nnz,) classes of the positives, token-major
    pred_ptr: np.ndarray  # (N + 1,) CSR row pointers of the predictions
    pred_cls: np.ndarray  # (nnz',) predicted classes, token-major


def _csr(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row pointers ``(N + 1,)`` and column indices of the nonzeros of a boolean ``(N, C)``."""
    _, cls = np.nonzero(matrix)
    return np.concatenate([[0], np.cumsum(np.count_nonzero(matrix, axis=1))]), cls


def _csr_rows(ptr: np.ndarray, cls: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Nonzeros of the selected ``rows``: their position in ``rows`` and their class."""
    start = ptr[rows]  # (n,)
    count = ptr[rows + 1] - start  # (n,)
    local = np.repeat(np.arange(rows.size), count)  # (P,)
    index = np.repeat(start - (np.cumsum(count) - count), count) + np.arange(count.sum())
    return local, cls[index]


def _condition_pairs(rows: np.ndarray, j: int, pooled: _Pooled) -> tuple[np.ndarray, ...]:
    """Precision, recall and AP of the valid pairs ``(i, j)`` of one conditioning class ``j``.

    Args:
        rows (np.ndarray): ``(n_j,)`` tokens with ``M[:, j] = 1``.
        j (int): The conditioning class.
        pooled (_Pooled): The pooled arrays.

    Returns:
        tuple[np.ndarray, ...]: ``precision``, ``recall``, ``ap``, each ``(k,)`` over the classes
        ``c_i != c_j`` with a positive among ``rows``.
    """
    num_classes = pooled.tagged.shape[1]
    local, cls = _csr_rows(pooled.label_ptr, pooled.label_cls, rows)  # (P,) each
    other = cls != j
    local, cls = local[other], cls[other]
    num_pos = np.bincount(cls, minlength=num_classes)  # (C,)
    cols = np.flatnonzero(num_pos)  # (k,)
    if cols.size == 0:
        return (np.zeros(0),) * 3
    column = np.zeros(num_classes, dtype=np.int64)  # (C,) class -> column among cols
    column[cols] = np.arange(cols.size)
    hit = pooled.predicted[rows[local], cls]  # (P,)
    true_pos = np.bincount(column[cls], weights=hit, minlength=cols.size)  # (k,)
    _, pred_cls = _csr_rows(pooled.pred_ptr, pooled.pred_cls, rows)
    num_pred = np.bincount(pred_cls, minlength=num_classes)[cols]  # (k,)
    precision = np.where(num_pred > 0, true_pos / np.maximum(num_pred, 1), 0.0)
    recall = true_pos / num_pos[cols]
    tagged = np.ascontiguousarray(pooled.tagged[rows][:, cols].T)  # (k, n_j)
    ap = _average_precision_from_tags(tagged, column[cls], local)
    return precision, recall, ap


F1_CHOICES = ('pairs', 'averages')


def check_f1(f1: str) -> None:
    """Raise ``ValueError`` unless ``f1`` is ``'pairs'`` or ``'averages'``."""
    if f1 not in F1_CHOICES:
        raise ValueError(f'f1 must be one of {F1_CHOICES}, got {f1!r}')


def _pair_metrics(pooled: _Pooled, mask: np.ndarray, f1: str) -> dict:
    """P, R, F1, AP of every valid pair ``(i, j)``, averaged.

    Args:
        pooled (_Pooled): The pooled arrays.
        mask (np.ndarray): Class-major condition mask ``(C, N)``.
        f1 (str): ``'pairs'`` or ``'averages'``, see :func:`action_conditional_metrics`.
    """
    cond, token = np.nonzero(mask)  # (nnz,) each, grouped by conditioning class
    bounds = np.searchsorted(cond, np.arange(mask.shape[0] + 1))  # (C + 1,)
    per_class = [
        _condition_pairs(token[bounds[j] : bounds[j + 1]], j, pooled) for j in range(mask.shape[0])
    ]
    precision, recall, ap = (np.concatenate(values) for values in zip(*per_class))
    if precision.size == 0:
        nan = float('nan')
        return dict(P_AC=nan, R_AC=nan, F1_AC=nan, mAP_AC=nan, num_pairs=0)
    p_ac, r_ac = float(precision.mean()), float(recall.mean())
    if f1 == 'pairs':
        both = precision + recall  # (pairs,)
        per_pair = np.divide(2 * precision * recall, both, out=np.zeros_like(both), where=both > 0)
        f1_ac = float(per_pair.mean())
    else:
        f1_ac = 2 * p_ac * r_ac / (p_ac + r_ac) if p_ac + r_ac > 0 else 0.0
    return dict(
        P_AC=p_ac,
        R_AC=r_ac,
        F1_AC=f1_ac,
        mAP_AC=float(ap.mean()),
        num_pairs=int(precision.size),
    )


def action_conditional_metrics_multi(
    scores: Sequence[np.ndarray] | PooledTokens,
    labels: Sequence[np.ndarray] | None,
    taus: Sequence[int],
    threshold: float = 0.5,
    f1: str = 'pairs',
) -> dict[int, dict]:
    """:func:`action_conditional_metrics` for several offsets, pooling the videos once.

    Args:
        scores (Sequence[np.ndarray] | PooledTokens): Per-video probabilities ``(T_v, C)``,
            unpadded, or the videos already pooled with their labels.
        labels (Sequence[np.ndarray] | None): Per-video binary labels ``(T_v, C)``; None when
            ``scores`` are :class:`PooledTokens`.
        taus (Sequence[int]): Offsets in tokens.
        threshold (float): Binarisation threshold for precision / recall. Defaults to 0.5.
        f1 (str): ``'pairs'`` or ``'averages'``, see :func:`action_conditional_metrics`.
            Defaults to ``'pairs'``.

    Returns:
        dict[int, dict]: ``{tau: action_conditional_metrics(scores, labels, tau, threshold,
        f1)}``.
    """
    check_f1(f1)
    tokens = as_pooled(scores, labels)
    predicted = tokens.scores >= threshold  # (N, C)
    tagged = _tag_keys(_sortable_keys(tokens.scores))  # (N, C)
    pooled = _Pooled(tagged, predicted, *_csr(tokens.labels), *_csr(predicted))
    label_ct, lengths = tokens.class_major_labels, tokens.lengths  # (C, N), (V,)
    nearest = {
        sign: _nearest_positives(label_ct, sign) for sign in {np.sign(t) for t in taus} - {0}
    }
    return {
        tau: _pair_metrics(
            pooled, _class_major_mask(label_ct, tau, lengths, nearest.get(np.sign(tau))), f1
        )
        for tau in taus
    }


def action_conditional_metrics(
    scores: Sequence[np.ndarray],
    labels: Sequence[np.ndarray],
    tau: int,
    threshold: float = 0.5,
    f1: str = 'pairs',
) -> dict:
    """Action-conditional precision, recall, F1 and mAP.

    With ``P`` / ``G`` the pooled scores / labels and ``M`` the pooled condition masks
    (:func:`action_condition_mask`, per video): for every conditioning class ``c_j`` take the
    tokens with ``M[:, j] = 1``; on that subset, for every other class ``c_i`` with at least one
    positive there (the valid pairs, ``i != j``), compute precision and recall of
    ``P >= threshold`` and the average precision of the scores. ``P_AC``, ``R_AC`` and ``mAP_AC``
    are plain means over all valid pairs ``(i, j)``. ``F1_AC`` with ``f1='pairs'`` is the mean
    over the pairs of ``2 P R / (P + R)`` (0 where ``P + R = 0``), the F1 of MLAD's tables (below
    the harmonic mean of their ``P_AC`` and ``R_AC`` in every row); with ``f1='averages'`` it is
    ``2 P_AC R_AC / (P_AC + R_AC)`` from the averaged values, as MLAD's released
    ``cooccur_metric.py`` computes it (``get_f1(prec, rec)``).

    Choices, as in MLAD's ``cooccur_metric.py``: a pair without any prediction has precision 0
    (scikit-learn's ``zero_division``); recall and AP are always defined on valid pairs; AP has
    scikit-learn's tie handling. Differences: MLAD builds the future mask (``tau < 0``) with
    ``np.roll`` in the wrong direction (only the first and last ``|tau|`` tokens of a video can be
    conditioned), here it is the exact mirror of the past mask; MLAD's F1 adds 1e-9 to the
    denominator, here ``F1 = 0`` when ``P + R = 0``.

    Args:
        scores (Sequence[np.ndarray]): Per-video probabilities ``(T_v, C)``, unpadded.
        labels (Sequence[np.ndarray]): Per-video binary labels ``(T_v, C)``.
        tau (int): Offset in tokens (see :func:`action_condition_mask`).
        threshold (float): Binarisation threshold for precision / recall. Defaults to 0.5.
        f1 (str): ``'pairs'`` (per-pair F1 averaged) or ``'averages'`` (F1 of ``P_AC`` and
            ``R_AC``). Defaults to ``'pairs'``.

    Returns:
        dict: ``P_AC``, ``R_AC``, ``F1_AC``, ``mAP_AC`` (floats, NaN without valid pairs) and
        ``num_pairs`` (int).
    """
    return action_conditional_metrics_multi(scores, labels, [tau], threshold, f1)[tau]
