"""Losses: asymmetric, BCE, focal, DIoU, sensitivity weighting, contrastive, matchers."""

from .asymmetric_loss import AsymmetricLoss
from .bce_loss import MaskedBCELoss

__all__ = [
    'AsymmetricLoss',
    'MaskedBCELoss',
]
