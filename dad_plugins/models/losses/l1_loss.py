"""L1 loss between aligned pairs of coordinate vectors (segments, boxes)."""

import torch
from torch import nn

from dad_plugins.registry import MODELS

from .utils import REDUCTIONS, reduce_token_loss


@MODELS.register_module()
class L1Loss(nn.Module):
    """``sum_k |pred_ik - target_ik|`` per pair; the L1 term of DETR-style set losses.

    DualDETR Sec. 3.6, Eq. (8), (10) on normalised ``[start, end]`` segments. As in DETR,
    the coordinates of a pair are summed and ``'mean'`` divides by the number of pairs (or by
    ``avg_factor``, the number of ground-truth instances).

    Args:
        reduction (str): ``'none'``, ``'mean'`` or ``'sum'``. Defaults to ``'mean'``.
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
        """Loss of ``(N, K)`` predictions against ``(N, K)`` targets.

        Args:
            pred (Tensor): ``(N, K)`` coordinates.
            target (Tensor): ``(N, K)`` coordinates.
            weight (Tensor, optional): ``(N,)`` per-pair weights.
            avg_factor (float | Tensor, optional): Denominator of ``'mean'`` instead of ``N``.
            reduction_override (str, optional): Overrides ``reduction``.

        Returns:
            Tensor: Scalar, or ``(N,)`` for ``'none'``.
        """
        reduction = reduction_override or self.reduction
        if pred.shape != target.shape:
            raise ValueError(f'pred {tuple(pred.shape)} and target {tuple(target.shape)} differ')
        distance = (pred - target.to(pred)).abs().sum(dim=-1, keepdim=True)  # (N, 1)
        weight = None if weight is None else weight.reshape(-1, 1)
        loss = reduce_token_loss(distance, weight, None, reduction, avg_factor)
        return self.loss_weight * (loss[:, 0] if reduction == 'none' else loss)
