"""Small random inputs for the tests of dad_plugins parts and configs.

Registered parts built with fixed random parameters, a tiny PAT, padded clip features with their
ragged masks, a check that a part ignores the padding, data samples carrying every ground-truth
field the data pipelines produce, and what a config declares about its inputs (feature streams,
classes, class text embedding files), so that a test can run any model on tiny random data.
"""

from .configs import (
    config_feat_dims,
    config_num_classes,
    config_num_sub_classes,
    write_text_embeddings,
)
from .data_samples import demo_data_sample, demo_data_samples
from .inputs import demo_inputs, ragged_masks, random_features
from .modules import TINY_ATTENTION, build_module
from .padding_invariance import assert_padding_invariant
from .tiny_pat import TINY_RPT, tiny_pat_cfg, tiny_pat_detector_cfg

__all__ = [
    'TINY_ATTENTION',
    'TINY_RPT',
    'assert_padding_invariant',
    'build_module',
    'config_feat_dims',
    'config_num_classes',
    'config_num_sub_classes',
    'demo_data_sample',
    'demo_data_samples',
    'demo_inputs',
    'ragged_masks',
    'random_features',
    'tiny_pat_cfg',
    'tiny_pat_detector_cfg',
    'write_text_embeddings',
]
