"""Masked binary cross-entropy for multi-label per-token classification."""

import torch
import torch.nn.functional as F

from dad_plugins.registry import MODELS

from .utils import MaskedTokenLoss


@MODELS.register_module()
class MaskedBCELoss(MaskedTokenLoss):
    """Binary cross-entropy on logits with token masks; the BCE row of PAT Table 8.

    Same interface and reduction semantics as :class:`AsymmetricLoss`: ``'mean'`` sums over
    classes and averages over the valid tokens of the batch (the MS-TCT / PAT normalisation).

    Args:
        reduction (str): ``'none'``, ``'mean'`` or ``'sum'``. Defaults to ``'mean'``.
        loss_weight (float): Multiplier of the loss. Defaults to 1.
    """

    def elementwise(self, pred: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        """Unreduced BCE of logits ``pred`` against targets ``target`` (same shape)."""
        return F.binary_cross_entropy_with_logits(pred, target, reduction='none')
