"""Helpers shared by models: argument checks, target gathering and sliding-window inference."""

from .argument_checks import check_choice, check_heads
from .frame_targets import instance_kwargs, stack_frame_labels
from .point_targets import assign_points, generate_points
from .sliding_window import merge_windows, split_windows

__all__ = [
    'check_choice',
    'check_heads',
    'instance_kwargs',
    'merge_windows',
    'split_windows',
    'stack_frame_labels',
    'assign_points',
    'generate_points',
]
