"""Sigmoid focal loss for multi-label classification of tokens or queries."""

import torch
import torch.nn.functional as F

from dad_plugins.registry import MODELS

from .utils import MaskedTokenLoss


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
class FocalLoss(MaskedTokenLoss):
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
        super().__init__(reduction, loss_weight)
        self.alpha = alpha
        self.gamma = gamma

    def elementwise(self, pred: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        """Unreduced focal loss of logits ``pred`` against targets ``target`` (same shape)."""
        return sigmoid_focal_loss(pred, target, self.alpha, self.gamma)
