"""Heads: frame classifiers and their losses."""

from .action_sensitivity_evaluator import ActionSensitivityEvaluator
from .anchor_free_head import AnchorFreeHead
from .asl_head import ASLHead
from .frame_cls_head import FrameClsHead

__all__ = [
    'FrameClsHead',
    'ActionSensitivityEvaluator',
    'AnchorFreeHead',
    'ASLHead',
]
