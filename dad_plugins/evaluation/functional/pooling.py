"""Pooling per-video ``(T_v, C)`` arrays over all tokens, once per evaluation."""

from collections.abc import Sequence
from functools import cached_property

import numpy as np


def pool_class_major(arrays: np.ndarray | Sequence[np.ndarray]) -> np.ndarray:
    """Concatenate per-video ``(T_v, C)`` arrays (or take one ``(N, C)``) as contiguous ``(C, N)``.

    Transposing video by video keeps the copies cache-friendly, unlike one large transpose; the
    class-major layout makes per-class sorts and running sums over time contiguous.

    Args:
        arrays (np.ndarray | Sequence[np.ndarray]): ``(N, C)`` or a sequence of ``(T_v, C)``.

    Returns:
        np.ndarray: ``(C, N)`` with ``N = sum T_v``, videos in input order.
    """
    arrays = [arrays] if isinstance(arrays, np.ndarray) else [np.asarray(a) for a in arrays]
    pooled = np.empty(
        (arrays[0].shape[1], sum(a.shape[0] for a in arrays)), dtype=np.result_type(*arrays)
    )  # (C, N), C-contiguous
    end = 0
    for array in arrays:
        pooled[:, end : end + array.shape[0]] = array.T
        end += array.shape[0]
    return pooled


def _concatenate(arrays: list[np.ndarray]) -> np.ndarray:
    """Per-video ``(T_v, C)`` arrays as one ``(N, C)``; a single array is not copied."""
    return arrays[0] if len(arrays) == 1 else np.concatenate(arrays, axis=0)


class PooledTokens:
    """The valid tokens of the videos of one evaluation, pooled on first use and then kept.

    Metrics of one evaluation that read the same videos share one instance (see
    :class:`~dad_plugins.evaluation.DenseEvaluator`), so the concatenations and transposes of the
    per-video arrays are made once, not once per metric.

    Args:
        scores (Sequence[np.ndarray], optional): Per-video probabilities ``(T_v, C)``, unpadded;
            None where the predictions hold no per-token scores.
        labels (Sequence[np.ndarray]): Per-video binary labels ``(T_v, C)``.
    """

    def __init__(self, scores: Sequence[np.ndarray] | None, labels: Sequence[np.ndarray]) -> None:
        self.video_scores = None if scores is None else [np.asarray(s) for s in scores]
        self.video_labels = [np.asarray(g) for g in labels]

    @cached_property
    def lengths(self) -> list[int]:
        """``T_v`` of every video."""
        return [g.shape[0] for g in self.video_labels]

    def _checked_scores(self) -> list[np.ndarray]:
        if self.video_scores is None:
            raise ValueError('PooledTokens: these predictions hold no per-token scores')
        return self.video_scores

    @cached_property
    def scores(self) -> np.ndarray:
        """Scores ``(N, C)``, videos in order."""
        return _concatenate(self._checked_scores())

    @cached_property
    def labels(self) -> np.ndarray:
        """Boolean labels ``(N, C)``."""
        return _concatenate(self.video_labels).astype(bool, copy=False)

    @cached_property
    def class_major_scores(self) -> np.ndarray:
        """Scores ``(C, N)``, C-contiguous."""
        return pool_class_major(self._checked_scores())

    @cached_property
    def class_major_labels(self) -> np.ndarray:
        """Boolean labels ``(C, N)``, C-contiguous."""
        return pool_class_major(self.video_labels).astype(bool, copy=False)


def as_pooled(
    scores: np.ndarray | Sequence[np.ndarray] | PooledTokens | None,
    labels: np.ndarray | Sequence[np.ndarray] | None,
) -> PooledTokens:
    """``scores`` itself when it is a :class:`PooledTokens` (``labels`` then None), else the
    pooling of ``scores`` and ``labels`` (per-video sequences, or one ``(N, C)`` array each)."""
    if isinstance(scores, PooledTokens):
        if labels is not None:
            raise ValueError('labels must be None when scores are PooledTokens')
        return scores
    if labels is None:
        raise ValueError('labels are required unless scores are PooledTokens')
    scores = [scores] if isinstance(scores, np.ndarray) else scores
    labels = [labels] if isinstance(labels, np.ndarray) else labels
    return PooledTokens(scores, labels)
