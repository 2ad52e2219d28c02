"""Heads: frame classifiers and their losses."""

from .action_sensitivity_evaluator import ActionSensitivityEvaluator
from .anchor_free_head import AnchorFreeHead
from .asl_head import ASLHead
from .class_wise_head import ClassWiseHead
from .dual_detr_head import DualDETRHead
from .frame_cls_head import FrameClsHead
from .refdense_head import RefDenseHead

__all__ = [
    'ClassWiseHead',
    'FrameClsHead',
    'ActionSensitivityEvaluator',
    'AnchorFreeHead',
    'ASLHead',
    'DualDETRHead',
    'RefDenseHead',
]
