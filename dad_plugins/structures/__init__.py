"""Segment structures: temporal IoU, NMS / Soft-NMS, frame <-> segment conversions."""

from .frame_segment_conversion import frames_to_segments, segments_to_frames
from .nms import nms, soft_nms
from .post_processors import FramesToSegments
from .segment_ops import temporal_iou

__all__ = [
    'FramesToSegments',
    'frames_to_segments',
    'nms',
    'segments_to_frames',
    'soft_nms',
    'temporal_iou',
]
