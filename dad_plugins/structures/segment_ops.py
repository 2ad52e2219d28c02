"""Pairwise temporal IoU of 1-D segments."""

from typing import TypeVar

import numpy as np
import torch

ArrayT = TypeVar('ArrayT', np.ndarray, torch.Tensor)


def temporal_iou(segments_a: ArrayT, segments_b: ArrayT) -> ArrayT:
    """Pairwise temporal intersection over union of two sets of segments.

    ``tIoU(a, b) = |a ∩ b| / |a ∪ b|`` with ``|a ∪ b| = len(a) + len(b) - |a ∩ b|``, exact (no
    epsilon in the denominator). A pair whose union is zero (two zero-length segments at the same
    point) has tIoU 0. Reversed segments (end < start) have a negative length and are not supported.

    Args:
        segments_a (np.ndarray | torch.Tensor): Segments ``(..., N, 2)`` as ``[start, end]``.
        segments_b (np.ndarray | torch.Tensor): Segments ``(..., M, 2)`` of the same type as
            ``segments_a``; leading batch dimensions broadcast. NumPy arrays and tensors (any
            device) are both accepted; the result has the input's type.

    Returns:
        np.ndarray | torch.Tensor: tIoU ``(..., N, M)``, values in ``[0, 1]``.
    """
    xp = torch if isinstance(segments_a, torch.Tensor) else np
    start_a, end_a = segments_a[..., :, None, 0], segments_a[..., :, None, 1]  # (..., N, 1)
    start_b, end_b = segments_b[..., None, :, 0], segments_b[..., None, :, 1]  # (..., 1, M)
    inter = (xp.minimum(end_a, end_b) - xp.maximum(start_a, start_b)).clip(min=0)  # (..., N, M)
    union = (end_a - start_a) + (end_b - start_b) - inter  # (..., N, M)
    positive = union > 0
    return xp.where(positive, inter / xp.where(positive, union, 1), 0 * inter)
