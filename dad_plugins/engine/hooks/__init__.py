"""Hooks of the Runner."""

from .dense_visualization_hook import DenseVisualizationHook, trigger_visualization_hook
from .resume_schedule_hook import ResumeScheduleHook

__all__ = ['DenseVisualizationHook', 'ResumeScheduleHook', 'trigger_visualization_hook']
