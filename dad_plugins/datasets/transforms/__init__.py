"""Registered transforms of the feature pipeline."""

from .generate_frame_labels import GenerateFrameLabels
from .load_clip_features import LoadClipFeatures
from .pack_dense_inputs import PackDenseInputs
from .random_length_temporal_window import RandomLengthTemporalWindow
from .random_temporal_window import RandomTemporalWindow

__all__ = [
    'GenerateFrameLabels',
    'LoadClipFeatures',
    'PackDenseInputs',
    'RandomTemporalWindow',
    'RandomLengthTemporalWindow',
]
