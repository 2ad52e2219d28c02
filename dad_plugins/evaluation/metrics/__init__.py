"""Registered mmengine metrics; each calls a pure function of ``evaluation.functional``."""

from .action_conditional_metric import ActionConditionalMetric
from .detection_map import DetectionMAP
from .dump_predictions import DumpPredictions
from .frame_map import FrameMAP
from .multi_label_metric import MultiLabelMetric
from .per_layer_metric import PerLayerMetric
from .segmentation_map import SegmentationMAP

__all__ = [
    'ActionConditionalMetric',
    'DetectionMAP',
    'DumpPredictions',
    'FrameMAP',
    'MultiLabelMetric',
    'PerLayerMetric',
    'SegmentationMAP',
]
