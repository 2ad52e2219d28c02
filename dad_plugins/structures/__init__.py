"""Data structures: the dense data sample, token predictions and their post-processors, segment
operations (temporal IoU, NMS / Soft-NMS, frame <-> segment conversions) and the starts of
sliding windows."""

from .dense_data_sample import DenseDataSample
from .frame_segment_conversion import frames_to_segments, segments_to_frames
from .nms import nms, soft_nms
from .post_processors import FramesToSegments, SegmentsToFrames
from .segment_ops import temporal_iou
from .token_prediction import TokenPrediction
from .window_starts import check_window, sliding_window_starts

__all__ = [
    'DenseDataSample',
    'FramesToSegments',
    'SegmentsToFrames',
    'TokenPrediction',
    'check_window',
    'frames_to_segments',
    'nms',
    'segments_to_frames',
    'sliding_window_starts',
    'soft_nms',
    'temporal_iou',
]
