"""Pure metric functions: NumPy arrays in, floats / dicts out."""

from .action_conditional import (
    action_condition_mask,
    action_conditional_metrics,
    action_conditional_metrics_multi,
    check_f1,
)
from .detection_map import DEFAULT_TIOUS, detection_map
from .frame_map import (
    average_precision_per_class,
    average_precision_rows,
    frame_map,
    mean_ap,
    sample_tokens,
)
from .multilabel import multilabel_metrics, per_class_precision_recall_f1
from .pooling import PooledTokens
from .segmentation_map import segmentation_map

__all__ = [
    'PooledTokens',
    'DEFAULT_TIOUS',
    'action_condition_mask',
    'action_conditional_metrics',
    'action_conditional_metrics_multi',
    'average_precision_per_class',
    'check_f1',
    'average_precision_rows',
    'detection_map',
    'frame_map',
    'mean_ap',
    'multilabel_metrics',
    'per_class_precision_recall_f1',
    'sample_tokens',
    'segmentation_map',
]
