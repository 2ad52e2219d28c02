"""Asymmetric loss (ASL) for multi-label per-token classification."""

import torch

from dad_plugins.registry import MODELS

from .utils import MaskedTokenLoss


@MODELS.register_module()
class AsymmetricLoss(MaskedTokenLoss):
    """Asymmetric loss of Ridnik et al. (ICCV 2021) on logits; PAT Sec. 3.2.4, Eq. (18)-(19).

    With ``p = sigmoid(x)`` and the shifted negative probability
    ``p_m = max(p - clip, 0)`` (implemented as ``1 - p_m = min(1 - p + clip, 1)``):

    ``L = -y (1 - p)^gamma_pos log(p) - (1 - y) p_m^gamma_neg log(1 - p_m)``,

    with both logarithms clamped at ``log(eps)``. As in the reference implementation
    (Alibaba-MIIL/ASL ``AsymmetricLoss``), the focusing weight is computed from
    ``pt = y p + (1 - y)(1 - p_m)`` as ``(1 - pt)^(gamma_pos y + gamma_neg (1 - y))``, and
    ``disable_torch_grad_focal_loss=True`` treats it as a constant in the backward pass. With
    ``gamma_pos = gamma_neg = 0`` and ``clip = 0`` the loss is binary cross-entropy.

    Args:
        gamma_pos (float): Focusing parameter of positives. Defaults to 1 (PAT Sec. 4).
        gamma_neg (float): Focusing parameter of negatives. Defaults to 3 (PAT Sec. 4).
        clip (float): Probability margin that shifts negative probabilities; 0 disables it.
            Defaults to 0.05.
        eps (float): Lower clamp of the probabilities inside the logarithms. Defaults to 1e-8.
        disable_torch_grad_focal_loss (bool): Compute the focusing weight without gradient.
            Defaults to True.
        reduction (str): ``'none'``, ``'mean'`` (sum over classes, mean over valid tokens) or
            ``'sum'``. Defaults to ``'mean'``.
        loss_weight (float): Multiplier of the loss. Defaults to 1.
    """

    def __init__(
        self,
        gamma_pos: float = 1.0,
        gamma_neg: float = 3.0,
        clip: float = 0.05,
        eps: float = 1e-8,
        disable_torch_grad_focal_loss: bool = True,
        reduction: str = 'mean',
        loss_weight: float = 1.0,
    ) -> None:
        super().__init__(reduction, loss_weight)
        if clip < 0:
            raise ValueError(f'clip must be non-negative, got {clip}')
        self.gamma_pos = gamma_pos
        self.gamma_neg = gamma_neg
        self.clip = clip
        self.eps = eps
        self.disable_torch_grad_focal_loss = disable_torch_grad_focal_loss

    def elementwise(self, pred: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        """Unreduced ASL of logits ``pred`` against targets ``target`` (same shape)."""
        prob_pos = pred.sigmoid()
        prob_neg = 1.0 - prob_pos  # 1 - p, shifted to 1 - p_m below
        if self.clip > 0:
            prob_neg = (prob_neg + self.clip).clamp(max=1.0)
        loss = target * prob_pos.clamp(min=self.eps).log()
        loss = loss + (1.0 - target) * prob_neg.clamp(min=self.eps).log()
        if self.gamma_pos > 0 or self.gamma_neg > 0:
            with torch.set_grad_enabled(
                torch.is_grad_enabled() and not self.disable_torch_grad_focal_loss
            ):
                prob_true = prob_pos * target + prob_neg * (1.0 - target)
                gamma = self.gamma_pos * target + self.gamma_neg * (1.0 - target)
                focusing = (1.0 - prob_true).pow(gamma)
            loss = loss * focusing
        return -loss
