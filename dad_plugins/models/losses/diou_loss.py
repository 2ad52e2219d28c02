"""Distance-IoU loss for 1-D segments given as distances from a point to their boundaries."""

import torch
from torch import nn

from dad_plugins.registry import MODELS
from dad_plugins.structures import temporal_iou

from .utils import REDUCTIONS, reduce_token_loss


def offset_iou(pred: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """tIoU of segments that share an anchor point, from their boundary distances.

    A row ``(l, r)`` is the segment ``[t - l, t + r]`` around the same point ``t`` in both
    tensors; the tIoU is :func:`~dad_plugins.structures.temporal_iou` of ``[-l, r]`` pairs.

    Args:
        pred (Tensor): ``(N, 2)`` non-negative distances.
        target (Tensor): ``(N, 2)`` non-negative distances.

    Returns:
        Tensor: ``(N,)`` tIoU in ``[0, 1]`` (0 when both segments have zero length).
    """

    def segments(offsets: torch.Tensor) -> torch.Tensor:
        return torch.stack([-offsets[:, 0], offsets[:, 1]], dim=-1)[:, None]  # (N, 1, 2)

    return temporal_iou(segments(pred), segments(target.to(pred)))[:, 0, 0]


@MODELS.register_module()
class DIoULoss(nn.Module):
    """DIoU loss (Zheng et al., AAAI 2020) of 1-D segments; ASL Eq. (10), ActionFormer.

    For a predicted segment ``p = [t - l_p, t + r_p]`` and its ground truth
    ``g = [t - l_g, t + r_g]``: ``L = 1 - tIoU(p, g) + rho^2 / c^2`` with ``rho`` the distance
    between the two centres, ``(r_p - l_p - r_g + l_g) / 2``, and ``c`` the length of the smallest
    segment enclosing both, ``max(l_p, l_g) + max(r_p, r_g)``.

    Args:
        eps (float): Lower clamp of ``c``. Defaults to 1e-8.
        reduction (str): ``'none'``, ``'mean'`` (sum divided by the number of valid rows or by
            ``avg_factor``) or ``'sum'``. Defaults to ``'mean'``.
        loss_weight (float): Multiplier of the loss. Defaults to 1.
    """

    def __init__(
        self, eps: float = 1e-8, reduction: str = 'mean', loss_weight: float = 1.0
    ) -> None:
        super().__init__()
        if reduction not in REDUCTIONS:
            raise ValueError(f'reduction must be one of {REDUCTIONS}, got {reduction!r}')
        self.eps = eps
        self.reduction = reduction
        self.loss_weight = loss_weight

    def forward(
        self,
        pred: torch.Tensor,
        target: torch.Tensor,
        weight: torch.Tensor | None = None,
        mask: torch.Tensor | None = None,
        avg_factor: float | torch.Tensor | None = None,
        reduction_override: str | None = None,
    ) -> torch.Tensor:
        """Weighted DIoU loss.

        Args:
            pred (Tensor): Predicted distances ``(N, 2)`` (left, right), non-negative.
            target (Tensor): Ground-truth distances ``(N, 2)``.
            weight (Tensor, optional): Per-row weights ``(N,)``.
            mask (Tensor, optional): ``(N,)`` bool, True on rows that count.
            avg_factor (float | Tensor, optional): Denominator of ``'mean'`` instead of the
                number of counted rows.
            reduction_override (str, optional): Overrides ``reduction``.

        Returns:
            Tensor: Scalar, or ``(N,)`` for ``'none'`` (zeros on masked rows).
        """
        reduction = reduction_override or self.reduction
        if pred.shape != target.shape or pred.shape[-1] != 2:
            raise ValueError(f'pred {tuple(pred.shape)} and target {tuple(target.shape)}: (N, 2)')
        target = target.to(pred.dtype)
        enclosing = torch.maximum(pred, target).sum(-1).clamp(min=self.eps)  # (N,)
        centre_distance = 0.5 * ((pred[:, 1] - pred[:, 0]) - (target[:, 1] - target[:, 0]))
        loss = 1.0 - offset_iou(pred, target) + (centre_distance / enclosing) ** 2  # (N,)
        loss = reduce_token_loss(
            loss[:, None],
            None if weight is None else weight[:, None],
            None if mask is None else mask.bool()[:, None],
            reduction,
            avg_factor,
        )
        return self.loss_weight * (loss[:, 0] if reduction == 'none' else loss)
