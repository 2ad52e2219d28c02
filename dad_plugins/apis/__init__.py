"""Inference on feature files or videos: an mmengine inferencer, mmaction2-shaped functions
and the video feature extractor they share with tools/data/extract_features.py."""

from .dense_detection_inferencer import DEFAULT_FEATURE_RATE, DenseDetectionInferencer
from .inference import inference_detector, init_detector
from .video_feature_extractor import VideoFeatureExtractor

__all__ = [
    'DEFAULT_FEATURE_RATE',
    'DenseDetectionInferencer',
    'VideoFeatureExtractor',
    'inference_detector',
    'init_detector',
]
