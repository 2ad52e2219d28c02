"""Masked binary cross-entropy for multi-label per-token classification."""

import torch
import torch.nn.functional as F
from torch import nn

from dad_plugins.registry import MODELS

from .utils import REDUCTIONS, mask_padding, reduce_token_loss


@MODELS.register_module()
class MaskedBCELoss(nn.Module):
    """Binary cross-entropy on logits with token masks; the BCE row of PAT Table 8.

    Same interface and reduction semantics as :class:`AsymmetricLoss`: ``'mean'`` sums over
    classes and averages over the valid tokens of the batch (the MS-TCT / PAT normalisation).

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
        mask: torch.Tensor | None = None,
        avg_factor: float | torch.Tensor | None = None,
        reduction_override: str | None = None,
    ) -> torch.Tensor:
        """Masked, weighted BCE.

        Args:
            pred (Tensor): Logits ``(B, C, T)`` or ``(N, C)``.
            target (Tensor): Float multi-hot targets of the same shape.
            weight (Tensor, optional): Per-element weights broadcastable against ``pred``.
            mask (Tensor, optional): ``(B, T)`` or ``(N,)`` bool, True on valid tokens.
            avg_factor (float | Tensor, optional): Denominator of ``'mean'`` instead of the
                number of valid tokens.
            reduction_override (str, optional): Overrides ``reduction``.

        Returns:
            Tensor: Scalar, or ``(B, C, T)`` / ``(N, C)`` for ``'none'``.
        """
        reduction = reduction_override or self.reduction
        pred, target, valid = mask_padding(pred, target.to(pred.dtype), mask)
        loss = F.binary_cross_entropy_with_logits(pred, target, reduction='none')
        loss = reduce_token_loss(loss, weight, valid, reduction, avg_factor)
        return self.loss_weight * loss
