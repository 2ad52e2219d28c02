"""Small random inputs for the tests of dad_plugins parts and configs.

Padded clip features with their ragged masks, data samples carrying every ground-truth field the
data pipelines produce, and what a config declares about its inputs (feature streams, classes,
class text embedding files), so that a test can run any model on tiny random data.
"""

from .configs import (
    config_feat_dims,
    config_num_classes,
    config_num_sub_classes,
    write_text_embeddings,
)
from .data_samples import demo_data_sample, demo_data_samples
from .inputs import demo_inputs, ragged_masks, random_features

__all__ = [
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
