"""Small random inputs for the tests of dad_plugins parts and configs.

Registered parts built with fixed random parameters, padded clip features with their ragged
masks, data samples carrying every ground-truth field the data pipelines produce, and what a
config declares about its inputs (feature streams, classes, class text embedding files), so
that a test can run any model on tiny random data.
"""

from .configs import (
    config_feat_dims,
    config_num_classes,
    config_num_sub_classes,
    write_text_embeddings,
)
from .data_samples import demo_data_sample, demo_data_samples
from .inputs import demo_inputs, ragged_masks, random_features
from .modules import build_module

__all__ = [
    'build_module',
    'config_feat_dims',
    'config_num_classes',
    'config_num_sub_classes',
    'demo_data_sample',
    'demo_data_samples',
    'demo_inputs',
    'ragged_masks',
    'random_features',
    'write_text_embeddings',
]
