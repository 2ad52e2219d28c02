"""Losses: asymmetric, BCE, focal, DIoU, sensitivity weighting, contrastive, matchers."""

from .ascl_loss import ASCLLoss
from .asymmetric_loss import AsymmetricLoss
from .bce_loss import MaskedBCELoss
from .diou_loss import DIoULoss
from .focal_loss import FocalLoss
from .sensitivity_weighted_loss import SensitivityWeightedLoss

__all__ = [
    'AsymmetricLoss',
    'FocalLoss',
    'MaskedBCELoss',
    'ASCLLoss',
    'DIoULoss',
    'SensitivityWeightedLoss',
]
