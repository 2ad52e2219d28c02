"""Whole models."""

from .anchor_free_detector import AnchorFreeDetector
from .base_dense_detector import BaseDenseDetector
from .dual_detr import DualDETR
from .frame_detector import FrameDetector
from .late_fusion_detector import LateFusionDetector
from .refdense import RefDense
from .single_stage_detector import SingleStageDetector

__all__ = [
    'BaseDenseDetector',
    'SingleStageDetector',
    'FrameDetector',
    'LateFusionDetector',
    'AnchorFreeDetector',
    'DualDETR',
    'RefDense',
]
