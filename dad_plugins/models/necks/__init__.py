"""Necks: multi-granularity and pyramid feature builders."""

from .coarse_det import CoarseDet
from .dual_branch_decoder import DualBranchDecoder
from .temporal_fpn import TemporalFPN

__all__ = [
    'CoarseDet',
    'TemporalFPN',
    'DualBranchDecoder',
]
