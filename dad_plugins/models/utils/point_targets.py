"""Anchor-free targets: points of a feature pyramid and their ground-truth assignment."""

from collections.abc import Sequence

import torch
import torch.nn.functional as F

# Durations within this many tokens of the shortest one count as equally short (ActionFormer).
_DURATION_TIE = 1e-3


def generate_points(
    lengths: Sequence[int],
    strides: Sequence[int],
    regress_ranges: Sequence[Sequence[float]],
    device: torch.device | None = None,
) -> torch.Tensor:
    """Points of every pyramid level, in input tokens.

    Level ``l`` token ``t'`` sits at input token ``t' * stride_l`` (the centre of the strided
    operation that made it).

    Args:
        lengths (Sequence[int]): Tokens ``T_l`` of every level.
        strides (Sequence[int]): Stride of every level in input tokens.
        regress_ranges (Sequence[Sequence[float]]): ``(min, max)`` regression distance of every
            level, in input tokens (FCOS / ActionFormer multi-scale assignment).
        device (torch.device, optional): Device of the result.

    Returns:
        Tensor: ``(P, 4)`` rows ``[position, range_min, range_max, stride]``, levels
        concatenated, ``P = sum_l T_l``.
    """
    if not len(lengths) == len(strides) == len(regress_ranges):
        raise ValueError(
            f'{len(lengths)} levels, {len(strides)} strides, {len(regress_ranges)} ranges'
        )
    rows = []
    for length, stride, (low, high) in zip(lengths, strides, regress_ranges):
        position = torch.arange(length, device=device, dtype=torch.float32) * stride
        rows.append(
            torch.stack(
                [
                    position,
                    torch.full_like(position, low),
                    torch.full_like(position, high),
                    torch.full_like(position, stride),
                ],
                dim=1,
            )
        )
    return torch.cat(rows)


def assign_points(
    points: torch.Tensor,
    segments: torch.Tensor,
    labels: torch.Tensor,
    num_classes: int,
    center_sample_radius: float | None = 1.5,
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Assign ground-truth segments to points (ActionFormer / FCOS rules, ASL Sec. 4.2).

    A point at position ``t`` (stride ``s``) is a candidate for segment ``[a, b]`` when

    - it lies inside it (``a < t < b``), or with centre sampling inside the centre region
      ``|t - (a + b) / 2| < radius * s`` clipped to the segment;
    - its largest regression distance ``max(t - a, b - t)`` is within its level's range.

    Among its candidates a point takes the shortest segment ("shortest duration" rule for
    overlapping actions); every candidate as short as that one (within 1e-3 tokens) adds its
    class, so two actions with the same extent give a multi-label point.

    Args:
        points (Tensor): ``(P, 4)`` from :func:`generate_points`.
        segments (Tensor): Ground truth ``(N, 2)`` in input tokens.
        labels (Tensor): ``(N,)`` classes.
        num_classes (int): ``C``.
        center_sample_radius (float, optional): Radius in strides; None assigns every point
            inside a segment. Defaults to 1.5.

    Returns:
        tuple[Tensor, Tensor, Tensor]: ``cls_targets (P, C)`` multi-hot, ``reg_targets (P, 2)``
        distances ``(t - a, b - t)`` to the matched segment divided by the stride, and
        ``matched (P,)`` the matched segment index (``-1`` for background points).
    """
    num_points = points.shape[0]
    if segments.numel() == 0:
        return (
            points.new_zeros(num_points, num_classes),
            points.new_zeros(num_points, 2),
            torch.full((num_points,), -1, dtype=torch.long, device=points.device),
        )
    position, low, high, stride = points[:, :, None].unbind(1)  # each (P, 1)
    start, end = segments[None, :, 0], segments[None, :, 1]  # (1, N)
    distances = torch.stack([position - start, end - position], dim=-1)  # (P, N, 2)
    if center_sample_radius is None:
        inside = distances.min(dim=-1).values > 0  # (P, N)
    else:
        center = 0.5 * (start + end)
        radius = stride * center_sample_radius
        region_start = torch.maximum(center - radius, start)
        region_end = torch.minimum(center + radius, end)
        inside = (position > region_start) & (position < region_end)  # (P, N)
    reach = distances.max(dim=-1).values  # (P, N)
    candidate = inside & (reach >= low) & (reach <= high)
    durations = (end - start).expand(num_points, -1).masked_fill(~candidate, torch.inf)  # (P, N)
    shortest, matched = durations.min(dim=1)  # (P,)
    tied = candidate & (durations <= shortest[:, None] + _DURATION_TIE)  # (P, N)
    one_hot = F.one_hot(labels.long(), num_classes).to(points.dtype)  # (N, C)
    cls_targets = (tied.to(points.dtype) @ one_hot).clamp(max=1.0)  # (P, C)
    assigned = torch.isfinite(shortest)
    reg_targets = distances[torch.arange(num_points, device=points.device), matched]  # (P, 2)
    reg_targets = reg_targets / stride
    reg_targets = reg_targets.masked_fill(~assigned[:, None], 0.0)
    return cls_targets, reg_targets, torch.where(assigned, matched, -1)
