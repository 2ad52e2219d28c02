"""Helpers shared by models: target gathering and sliding-window inference."""

from .frame_targets import stack_frame_labels
from .point_targets import assign_points, generate_points
from .sliding_window import sliding_window_starts, split_windows, stitch_windows

__all__ = [
    'sliding_window_starts',
    'split_windows',
    'stack_frame_labels',
    'stitch_windows',
    'assign_points',
    'generate_points',
]
