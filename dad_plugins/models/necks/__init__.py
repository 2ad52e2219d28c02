"""Necks: ``neck(feats, masks) -> (feats, masks)``, multi-granularity and pyramid builders."""

from .coarse_det import CoarseDet
from .temporal_fpn import TemporalFPN

__all__ = [
    'CoarseDet',
    'TemporalFPN',
]
