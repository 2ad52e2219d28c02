"""Evaluation: pure metric functions and the registered mmengine metrics that wrap them."""

from . import functional, metrics
from .dense_evaluator import DenseEvaluator, share_pooled_tokens
from .format_table import format_metrics_table
from .functional import *  # noqa: F403
from .metric_kinds import DEFAULT_METRIC_KINDS, METRIC_KINDS, choose_metrics, evaluator_metrics
from .metrics import *  # noqa: F403

__all__ = [
    'DEFAULT_METRIC_KINDS',
    'DenseEvaluator',
    'METRIC_KINDS',
    'choose_metrics',
    'evaluator_metrics',
    'format_metrics_table',
    'share_pooled_tokens',
    *functional.__all__,
    *metrics.__all__,
]
