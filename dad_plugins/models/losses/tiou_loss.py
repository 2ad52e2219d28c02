"""Temporal IoU loss between aligned pairs of segments."""

import torch
from torch import nn

from dad_plugins.registry import MODELS
from dad_plugins.structures import temporal_iou

from .utils import REDUCTIONS, reduce_token_loss


@MODELS.register_module()
class TIoULoss(nn.Module):
    """``1 - tIoU(pred_i, target_i)`` of matched segment pairs (DualDETR Sec. 3.6, Eq. (8), (10)).

    The temporal IoU loss of TadTR / DualDETR. tIoU comes from
    :func:`dad_plugins.structures.temporal_iou`; a pair without overlap costs 1 whatever its
    distance (DIoU adds a distance term).

    Args:
        reduction (str): ``'none'``, ``'mean'`` (over pairs, or divided by ``avg_factor``) or
            ``'sum'``. Defaults to ``'mean'``.
        loss_weight (float): Multiplier of the loss. Defaults to 1.
    """

    def __init__(self, reduction: str = 'mean', loss_weight: float = 1.0) -> None:
        super().__init__()
        if reduction not in REDUCTIONS:
            raise ValueError(f'reduction must be one of {REDUCTIONS}, got {reduction!r}')
        self.reduction = reduction
        self.loss_weight = loss_weight

    def forward(
        self,
        pred: torch.Tensor,
        target: torch.Tensor,
        weight: torch.Tensor | None = None,
        avg_factor: float | torch.Tensor | None = None,
        reduction_override: str | None = None,
    ) -> torch.Tensor:
        """Loss of ``(N, 2)`` predicted against ``(N, 2)`` target ``[start, end]`` segments.

        Args:
            pred (Tensor): ``(N, 2)`` segments, ``start <= end``.
            target (Tensor): ``(N, 2)`` segments.
            weight (Tensor, optional): ``(N,)`` per-pair weights.
            avg_factor (float | Tensor, optional): Denominator of ``'mean'`` instead of ``N``.
            reduction_override (str, optional): Overrides ``reduction``.

        Returns:
            Tensor: Scalar, or ``(N,)`` for ``'none'``.
        """
        reduction = reduction_override or self.reduction
        iou = temporal_iou(pred[:, None], target[:, None].to(pred))[:, 0]  # (N, 1)
        weight = None if weight is None else weight.reshape(-1, 1)
        loss = reduce_token_loss(1.0 - iou, weight, None, reduction, avg_factor)
        return self.loss_weight * (loss[:, 0] if reduction == 'none' else loss)
