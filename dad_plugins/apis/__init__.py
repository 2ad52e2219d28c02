"""Inference on feature files: an mmengine inferencer and mmaction2-shaped functions."""

from .dense_detection_inferencer import DEFAULT_FEATURE_RATE, DenseDetectionInferencer
from .inference import inference_detector, init_detector

__all__ = [
    'DEFAULT_FEATURE_RATE',
    'DenseDetectionInferencer',
    'inference_detector',
    'init_detector',
]
