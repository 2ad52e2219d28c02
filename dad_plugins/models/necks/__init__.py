"""Necks: multi-granularity and pyramid feature builders."""

from .coarse_det import CoarseDet

__all__ = [
    'CoarseDet',
]
