"""Registered transforms of the feature pipeline."""

from .concat_feature_streams import ConcatFeatureStreams
from .crop_temporal_window import CropTemporalWindow
from .generate_frame_labels import GenerateFrameLabels
from .generate_sub_labels import GenerateSubLabels
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
    'GenerateSubLabels',
    'ConcatFeatureStreams',
    'CropTemporalWindow',
]
