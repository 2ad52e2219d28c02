"""Losses: asymmetric, BCE, focal, DIoU, sensitivity weighting, contrastive, matchers."""

from .ascl_loss import ASCLLoss
from .asymmetric_loss import AsymmetricLoss
from .bce_loss import MaskedBCELoss
from .colv_loss import CoLVLoss, colv_loss
from .diou_loss import DIoULoss
from .focal_loss import FocalLoss
from .hungarian_matcher import HungarianMatcher
from .l1_loss import L1Loss
from .sensitivity_weighted_loss import SensitivityWeightedLoss
from .tiou_loss import TIoULoss

__all__ = [
    'AsymmetricLoss',
    'FocalLoss',
    'MaskedBCELoss',
    'ASCLLoss',
    'DIoULoss',
    'SensitivityWeightedLoss',
    'HungarianMatcher',
    'L1Loss',
    'TIoULoss',
    'CoLVLoss',
    'colv_loss',
]
