"""Registered post-processors (``TASK_UTILS``): each derives the prediction a model lacks, per
token or per segment, from the one it makes (see :class:`TokenPrediction`)."""

from .frames_to_segments import FramesToSegments
from .segments_to_frames import SegmentsToFrames

__all__ = ['FramesToSegments', 'SegmentsToFrames']
