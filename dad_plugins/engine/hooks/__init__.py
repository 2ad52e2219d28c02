"""Hooks of the Runner."""

from .dense_visualization_hook import DenseVisualizationHook, trigger_visualization_hook
from .main_process_logger_hook import MainProcessLoggerHook
from .resume_schedule_hook import ResumeScheduleHook
from .safe_checkpoint_hook import SafeCheckpointHook

__all__ = [
    'SafeCheckpointHook',
    'DenseVisualizationHook',
    'MainProcessLoggerHook',
    'ResumeScheduleHook',
    'trigger_visualization_hook',
]
