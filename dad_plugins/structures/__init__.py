"""Data structures: the dense data sample, token predictions and their post-processors, segment
operations (temporal IoU, NMS / Soft-NMS, frame <-> segment conversions)."""

from .dense_data_sample import DenseDataSample
from .frame_segment_conversion import frames_to_segments, segments_to_frames
from .nms import nms, soft_nms
from .post_processors import FramesToSegments, SegmentsToFrames
from .segment_ops import temporal_iou
from .token_prediction import TokenPrediction

__all__ = [
    'DenseDataSample',
    'FramesToSegments',
    'SegmentsToFrames',
    'TokenPrediction',
    'frames_to_segments',
    'nms',
    'segments_to_frames',
    'soft_nms',
    'temporal_iou',
]
