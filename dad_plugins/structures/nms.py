"""Class-aware non-maximum suppression of 1-D segments: hard NMS and Soft-NMS.

Both follow ActionFormer's ``batched_nms`` (also used by ASL): suppression runs independently per
class, candidates are visited in descending (decayed) score order, and the kept set is finally
sorted by score and cut to ``max_num``. All classes are processed together: candidates are laid out
in a ``(num_classes_present, max_candidates_per_class)`` grid and every step selects the current
best candidate of each class at once, so the Python loop runs ``max_candidates_per_class`` times.
"""

from typing import Literal

import torch
from torch import Tensor

from .segment_ops import temporal_iou

SoftNMSMethod = Literal['gaussian', 'linear']


def _group_by_label(labels: Tensor) -> tuple[Tensor, Tensor]:
    """Lay candidate indices out in a per-class grid.

    Args:
        labels (Tensor): Class of each candidate ``(N,)``.

    Returns:
        tuple[Tensor, Tensor]: ``grid (G, M)`` of candidate indices (``-1`` = empty slot), one row
        per class present, in input order; and ``valid (G, M)`` bool.
    """
    _, group = torch.unique(labels, return_inverse=True)  # (N,)
    order = torch.argsort(group, stable=True)  # (N,) candidates grouped by class
    counts = torch.bincount(group)  # (G,)
    first = torch.cumsum(counts, 0) - counts  # (G,)
    slot = torch.arange(labels.numel(), device=labels.device) - first[group[order]]  # (N,)
    grid = labels.new_full((counts.numel(), int(counts.max())), -1, dtype=torch.long)
    grid[group[order], slot] = order
    return grid, grid >= 0


def _suppress(
    segments: Tensor,
    scores: Tensor,
    labels: Tensor,
    iou_threshold: float,
    method: Literal['hard', 'gaussian', 'linear'],
    sigma: float,
    min_score: float,
) -> tuple[Tensor, Tensor]:
    """Greedy per-class suppression shared by :func:`nms` and :func:`soft_nms`.

    Args:
        segments (Tensor): ``(N, 2)`` as ``[start, end]``.
        scores (Tensor): ``(N,)``.
        labels (Tensor): ``(N,)`` class indices.
        iou_threshold (float): Overlap at or above which ``hard`` removes and ``linear`` decays.
        method (str): ``'hard'``, ``'linear'`` or ``'gaussian'``.
        sigma (float): Gaussian decay parameter.
        min_score (float): Candidates whose (decayed) score falls below it are discarded
            (``hard`` never changes scores).

    Returns:
        tuple[Tensor, Tensor]: Kept candidate indices ``(K,)`` and their final scores ``(K,)``, in
        selection order within each class.
    """
    grid, active = _group_by_label(labels)  # (G, M)
    safe = grid.clamp(min=0)
    grid_segments = segments[safe]  # (G, M, 2)
    dtype = torch.promote_types(scores.dtype, torch.float32)  # float64 stays float64
    grid_scores = torch.where(active, scores[safe].to(dtype), -torch.inf)  # (G, M)
    kept_index, kept_score = [], []
    rows = torch.arange(grid.shape[0], device=grid.device)  # (G,)
    while True:
        alive = active.any(dim=1)  # (G,)
        if not alive.any():
            break
        row = rows[alive]  # (k,)
        best = torch.where(active[row], grid_scores[row], -torch.inf).argmax(dim=1)  # (k,)
        kept_index.append(grid[row, best])
        kept_score.append(grid_scores[row, best])
        active[row, best] = False
        iou = temporal_iou(grid_segments[row, best][:, None], grid_segments[row])  # (k, 1, M)
        iou = iou[:, 0]  # (k, M)
        if method == 'hard':
            active[row] &= iou < iou_threshold
            continue
        if method == 'linear':
            weight = torch.where(iou >= iou_threshold, 1 - iou, torch.ones_like(iou))
        else:
            weight = torch.exp(-(iou**2) / sigma)
        grid_scores[row] = grid_scores[row] * weight.to(dtype)
        active[row] &= grid_scores[row] >= min_score
    if not kept_index:
        return labels.new_zeros(0, dtype=torch.long), scores.new_zeros(0)
    return torch.cat(kept_index), torch.cat(kept_score).to(scores.dtype)


def nms(
    segments: Tensor,
    scores: Tensor,
    iou_threshold: float,
    labels: Tensor | None = None,
    max_num: int | None = None,
) -> Tensor:
    """Hard non-maximum suppression, class-aware when ``labels`` is given.

    A candidate is removed when its tIoU with an already kept candidate of the same class is
    ``>= iou_threshold`` (ActionFormer's ``nms_1d``).

    Args:
        segments (Tensor): Candidate segments ``(N, 2)`` as ``[start, end]``.
        scores (Tensor): Candidate scores ``(N,)``.
        iou_threshold (float): Suppression threshold on tIoU.
        labels (Tensor, optional): Class of each candidate ``(N,)``; ``None`` = class-agnostic.
        max_num (int, optional): Keep at most this many (highest scores). ``None`` = all.

    Returns:
        Tensor: Indices of the kept candidates ``(K,)`` (long), by descending score; ties keep
        input order.
    """
    if labels is None:
        labels = scores.new_zeros(scores.shape, dtype=torch.long)
    if scores.numel() == 0:
        return labels.new_zeros(0, dtype=torch.long)
    keep, _ = _suppress(segments, scores, labels, iou_threshold, 'hard', 1.0, -torch.inf)
    keep = keep[torch.argsort(scores[keep], descending=True, stable=True)]
    return keep[:max_num]


def soft_nms(
    segments: Tensor,
    scores: Tensor,
    labels: Tensor,
    iou_threshold: float = 0.1,
    sigma: float = 0.5,
    min_score: float = 0.001,
    method: SoftNMSMethod = 'gaussian',
    max_num: int | None = None,
) -> tuple[Tensor, Tensor, Tensor]:
    """Class-aware Soft-NMS (Bodla et al. 2017) as in ActionFormer / ASL.

    Per class, repeatedly keep the candidate with the highest current score and decay the scores
    of the remaining candidates of that class by their tIoU ``o`` with it:

    - ``'gaussian'``: ``s <- s * exp(-o**2 / sigma)`` (``iou_threshold`` unused);
    - ``'linear'``: ``s <- s * (1 - o)`` if ``o >= iou_threshold`` else unchanged.

    Candidates whose score is (or falls) below ``min_score`` are discarded. The tIoU is exact
    (ActionFormer adds 1e-6 to segment lengths, which only matters for zero-length segments).

    Args:
        segments (Tensor): Candidate segments ``(N, 2)`` as ``[start, end]``.
        scores (Tensor): Candidate scores ``(N,)``.
        labels (Tensor): Candidate classes ``(N,)`` (long).
        iou_threshold (float): Linear-decay threshold. Defaults to 0.1.
        sigma (float): Gaussian-decay parameter. Defaults to 0.5 (ActionFormer).
        min_score (float): Discard threshold on decayed scores. Defaults to 0.001.
        method (str): ``'gaussian'`` (default) or ``'linear'``.
        max_num (int, optional): Keep at most this many (highest decayed scores). ``None`` = all.

    Returns:
        tuple[Tensor, Tensor, Tensor]: Kept ``segments (K, 2)``, decayed ``scores (K,)`` and
        ``labels (K,)``, sorted by descending decayed score (ties keep selection order).
    """
    if method not in ('gaussian', 'linear'):
        raise ValueError(f"soft_nms: method must be 'gaussian' or 'linear', got {method!r}")
    candidate = scores >= min_score
    index = torch.nonzero(candidate).squeeze(1)  # (N',)
    if index.numel() == 0:
        return segments[index], scores[index], labels[index]
    keep, new_scores = _suppress(
        segments[index], scores[index], labels[index], iou_threshold, method, sigma, min_score
    )
    order = torch.argsort(new_scores, descending=True, stable=True)[:max_num]
    keep = index[keep[order]]
    return segments[keep], new_scores[order], labels[keep]
