"""Registered post-processors (``TASK_UTILS``) that turn model outputs into detections."""

from .frames_to_segments import FramesToSegments

__all__ = ['FramesToSegments']
