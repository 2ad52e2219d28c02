"""Pooling per-video ``(T_v, C)`` arrays into one class-major ``(C, N)`` array."""

from collections.abc import Sequence

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
