"""Pictures of ground truth and predictions."""

from .dense_action_visualizer import DenseActionVisualizer

__all__ = ['DenseActionVisualizer']
