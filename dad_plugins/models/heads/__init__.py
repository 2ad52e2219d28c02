"""Heads: frame classifiers and their losses."""

from .frame_cls_head import FrameClsHead

__all__ = ['FrameClsHead']
