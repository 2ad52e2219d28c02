"""Sigmoid focal loss for multi-label classification of tokens or queries."""

import torch
import torch.nn.functional as F
from torch import nn

from dad_plugins.registry import MODELS

from .utils import REDUCTIONS, mask_padding, reduce_token_loss


def sigmoid_focal_loss(
    pred: torch.Tensor, target: torch.Tensor, alpha: float = 0.25, gamma: float = 2.0
) -> torch.Tensor:
    """Element-wise sigmoid focal loss of Lin et al. (ICCV 2017), Eq. (5).

    With ``p = sigmoid(x)`` and ``p_t = y p + (1 - y)(1 - p)``:
    ``FL = -alpha_t (1 - p_t)^gamma log(p_t)``, ``alpha_t = y alpha + (1 - y)(1 - alpha)``.
    Soft targets in ``[0, 1]`` are accepted (the cross-entropy term is the BCE of the target).

    Args:
        pred (Tensor): Logits of any shape.
        target (Tensor): Targets in ``[0, 1]``, same shape.
        alpha (float): Weight of the positives; a negative value disables ``alpha_t``.
            Defaults to 0.25.
        gamma (float): Focusing parameter. Defaults to 2.

    Returns:
        Tensor: The unreduced loss, shape of ``pred``.
    """
    prob = pred.sigmoid()
    ce = F.binary_cross_entropy_with_logits(pred, target, reduction='none')
    prob_true = prob * target + (1 - prob) * (1 - target)
    loss = ce * (1 - prob_true).pow(gamma)
    if alpha >= 0:
        loss = loss * (alpha * target + (1 - alpha) * (1 - target))
    return loss


@MODELS.register_module()
class FocalLoss(nn.Module):
    """Sigmoid focal loss (Lin et al., ICCV 2017) with token / query masks.

    The classification loss of Deformable DETR, TadTR and DualDETR (Sec. 3.6, Eq. (8), (10)) and
    of anchor-free dense heads. Same interface and reduction semantics as
    :class:`AsymmetricLoss`: ``'mean'`` sums over classes and averages over the valid rows
    (tokens or queries) of the batch, or divides by ``avg_factor`` when given (DETR heads pass
    the number of ground-truth instances).

    Args:
        alpha (float): Weight of the positives; negative disables it. Defaults to 0.25.
        gamma (float): Focusing parameter. Defaults to 2.
        reduction (str): ``'none'``, ``'mean'`` or ``'sum'``. Defaults to ``'mean'``.
        loss_weight (float): Multiplier of the loss. Defaults to 1.
    """

    def __init__(
        self,
        alpha: float = 0.25,
        gamma: float = 2.0,
        reduction: str = 'mean',
        loss_weight: float = 1.0,
    ) -> None:
        super().__init__()
        if reduction not in REDUCTIONS:
            raise ValueError(f'reduction must be one of {REDUCTIONS}, got {reduction!r}')
        self.alpha = alpha
        self.gamma = gamma
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
        """Masked, weighted focal loss.

        Args:
            pred (Tensor): Logits ``(B, C, T)`` or ``(N, C)``.
            target (Tensor): Float (multi-hot or soft) targets of the same shape.
            weight (Tensor, optional): Per-element weights broadcastable against ``pred``.
            mask (Tensor, optional): ``(B, T)`` or ``(N,)`` bool, True on valid rows.
            avg_factor (float | Tensor, optional): Denominator of ``'mean'`` instead of the
                number of valid rows.
            reduction_override (str, optional): Overrides ``reduction``.

        Returns:
            Tensor: Scalar, or ``(B, C, T)`` / ``(N, C)`` for ``'none'``.
        """
        reduction = reduction_override or self.reduction
        pred, target, valid = mask_padding(pred, target.to(pred.dtype), mask)
        loss = sigmoid_focal_loss(pred, target, self.alpha, self.gamma)
        return self.loss_weight * reduce_token_loss(loss, weight, valid, reduction, avg_factor)
