"""Multi-label metrics over tokens (MLAD Table 2 and Eq. (8)), scikit-learn definitions."""

from collections.abc import Sequence

import numpy as np

from .pooling import PooledTokens, as_pooled

# Relevant (token, class) pairs processed per chunk: bounds the (pairs, C) temporaries.
_PAIR_CHUNK = 1 << 16


def _relevant_ranks(scores: np.ndarray, labels: np.ndarray) -> tuple[np.ndarray, ...]:
    """Ranks of every relevant (token, class) pair within its token.

    For a relevant pair ``(n, j)`` (``labels[n, j] = 1``): ``rank_all = #{k: s_nk >= s_nj}`` and
    ``rank_rel = #{k relevant: s_nk >= s_nj}`` (ties take the maximal rank, as scikit-learn).

    Args:
        scores (np.ndarray): ``(N, C)``.
        labels (np.ndarray): Boolean ``(N, C)``.

    Returns:
        tuple[np.ndarray, ...]: ``rows (P,)`` token of each pair, ``rank_all (P,)``,
        ``rank_rel (P,)``.
    """
    rows, cols = np.nonzero(labels)  # (P,) each
    rank_all = np.empty(rows.size, dtype=np.int64)
    rank_rel = np.empty(rows.size, dtype=np.int64)
    for begin in range(0, rows.size, _PAIR_CHUNK):
        part = slice(begin, begin + _PAIR_CHUNK)
        r, c = rows[part], cols[part]
        at_or_above = scores[r] >= scores[r, c][:, None]  # (p, C)
        rank_all[part] = at_or_above.sum(axis=1)
        rank_rel[part] = (at_or_above & labels[r]).sum(axis=1)
    return rows, rank_all, rank_rel


def multilabel_metrics(
    scores: np.ndarray | Sequence[np.ndarray] | PooledTokens,
    labels: np.ndarray | Sequence[np.ndarray] | None,
    threshold: float = 0.5,
) -> dict:
    """Token-level multi-label metrics with the scikit-learn definitions (no scikit-learn needed).

    Every valid token is one sample; ``pred = scores >= threshold``. With ``Y`` the labels:

    - ``hamming_loss``: fraction of (token, class) entries with ``pred != Y``.
    - ``zero_one_loss``: fraction of tokens whose predicted label set differs from ``Y``.
    - ``jaccard``: sample-averaged ``|pred ∩ Y| / |pred ∪ Y|`` (``jaccard_score(average=
      'samples')``); a token with both sets empty scores 0 (scikit-learn's ``zero_division``).
    - ``ranking_loss``: per token, the fraction of (relevant, irrelevant) class pairs with the
      irrelevant one scored ``>=`` the relevant one; 0 for tokens with no or all classes relevant.
    - ``coverage_error``: per token, ``max over relevant j of #{k: s_k >= s_j}`` (0 without
      relevant classes).
    - ``lrap``: label-ranking average precision; per token the mean over relevant ``j`` of
      ``#{k relevant: s_k >= s_j} / #{k: s_k >= s_j}``, 1 for tokens with no or all classes
      relevant.

    All per-token values are averaged over tokens. The ranking metrics read, for each relevant
    pair only, how many classes score at least as high, so the cost is ``O(#positives * C)``.

    Args:
        scores (np.ndarray | Sequence[np.ndarray] | PooledTokens): ``(N, C)`` or per-video
            ``(T_v, C)`` arrays, or the videos already pooled with their labels.
        labels (np.ndarray | Sequence[np.ndarray] | None): Binary labels, same layout; None
            when ``scores`` are :class:`PooledTokens`.
        threshold (float): Binarisation threshold. Defaults to 0.5.

    Returns:
        dict: ``hamming_loss``, ``zero_one_loss``, ``ranking_loss``, ``coverage_error``,
        ``jaccard``, ``lrap`` (floats).
    """
    pooled = as_pooled(scores, labels)
    scores, labels = pooled.scores, pooled.labels  # (N, C) each
    num_tokens, num_classes = labels.shape
    predicted = scores >= threshold  # (N, C)
    mismatch = (predicted != labels).sum(axis=1)  # (N,)
    intersection = (predicted & labels).sum(axis=1)  # (N,)
    union = (predicted | labels).sum(axis=1)  # (N,)

    rows, rank_all, rank_rel = _relevant_ranks(scores, labels)
    num_rel = labels.sum(axis=1)  # (N,)
    ranked = (num_rel > 0) & (num_rel < num_classes)  # (N,) tokens the ranking metrics score
    misordered = np.bincount(rows, weights=rank_all - rank_rel, minlength=num_tokens)  # (N,)
    pair_count = num_rel * (num_classes - num_rel)  # (N,)
    ranking_loss = np.where(ranked, misordered / np.maximum(pair_count, 1), 0.0)
    coverage = np.zeros(num_tokens, dtype=np.int64)
    np.maximum.at(coverage, rows, rank_all)
    precision_sum = np.bincount(rows, weights=rank_rel / rank_all, minlength=num_tokens)  # (N,)
    lrap = np.where(ranked, precision_sum / np.maximum(num_rel, 1), 1.0)
    return dict(
        hamming_loss=float(mismatch.sum() / labels.size),
        zero_one_loss=float((mismatch > 0).mean()),
        ranking_loss=float(ranking_loss.mean()),
        coverage_error=float(coverage.mean()),
        jaccard=float(np.where(union > 0, intersection / np.maximum(union, 1), 0.0).mean()),
        lrap=float(lrap.mean()),
    )


def per_class_precision_recall_f1(
    scores: np.ndarray | Sequence[np.ndarray] | PooledTokens,
    labels: np.ndarray | Sequence[np.ndarray] | None,
    threshold: float = 0.5,
) -> dict:
    """Per-class precision, recall and F1 over tokens (MLAD Eq. (8), its Fig. S1).

    With ``pred = scores >= threshold`` and every valid token of every video one sample:
    ``precision(c) = N_correct(c) / N_predict(c)``, ``recall(c) = N_correct(c) / N_gt(c)`` and
    ``f1(c) = 2 P R / (P + R)``. As scikit-learn's ``precision_recall_fscore_support`` (which
    MLAD's released code calls), a class never predicted has precision 0 and F1 is 0 where
    ``P + R = 0``; a class without positives has no recall, and all three are NaN there.

    Args:
        scores (np.ndarray | Sequence[np.ndarray] | PooledTokens): ``(N, C)`` or per-video
            ``(T_v, C)`` arrays, or the videos already pooled with their labels.
        labels (np.ndarray | Sequence[np.ndarray] | None): Binary labels, same layout; None
            when ``scores`` are :class:`PooledTokens`.
        threshold (float): Binarisation threshold. Defaults to 0.5.

    Returns:
        dict: ``precision``, ``recall``, ``f1``, each ``(C,)`` float arrays.
    """
    pooled = as_pooled(scores, labels)
    scores, labels = pooled.scores, pooled.labels  # (N, C) each
    predicted = scores >= threshold  # (N, C)
    correct = (predicted & labels).sum(axis=0).astype(float)  # (C,)
    num_predict = predicted.sum(axis=0)  # (C,)
    num_gt = labels.sum(axis=0)  # (C,)
    precision = np.divide(correct, num_predict, out=np.zeros_like(correct), where=num_predict > 0)
    recall = np.divide(correct, num_gt, out=np.zeros_like(correct), where=num_gt > 0)
    both = precision + recall
    f1 = np.divide(2 * precision * recall, both, out=np.zeros_like(both), where=both > 0)
    absent = num_gt == 0
    return {
        name: np.where(absent, np.nan, values)
        for name, values in dict(precision=precision, recall=recall, f1=f1).items()
    }
