"""Synthetic dense multi-label action dataset: the library's embedded default.

:func:`make_synthetic_dataset` (:mod:`.generator`) writes the dataset; :mod:`.scripts` holds the
classes and samples each video's segments, :mod:`.features` its clip features, entity stream and
the class text embeddings, and :mod:`.charades_statistics` the Charades statistics they follow.
:func:`make_charades_like_dataset` (:mod:`.charades_like`) writes the harder ``charades-like``
profile from the real Charades annotations.
"""

from .charades_like import make_charades_like_dataset
from .charades_statistics import (
    CHARADES_ACTIVE_TOKEN_FRACTION,
    CHARADES_DURATION_QUANTILES,
    CHARADES_MEAN_DURATION,
    CHARADES_MEAN_LABELS_PER_TOKEN,
    CHARADES_RELATIVE_DURATION_COUNTS,
    CHARADES_SEGMENTS_PER_VIDEO_COUNTS,
)
from .generator import make_synthetic_dataset
from .scripts import MAX_NUM_CLASSES

__all__ = [
    'CHARADES_ACTIVE_TOKEN_FRACTION',
    'CHARADES_DURATION_QUANTILES',
    'CHARADES_MEAN_DURATION',
    'CHARADES_MEAN_LABELS_PER_TOKEN',
    'CHARADES_RELATIVE_DURATION_COUNTS',
    'CHARADES_SEGMENTS_PER_VIDEO_COUNTS',
    'MAX_NUM_CLASSES',
    'make_charades_like_dataset',
    'make_synthetic_dataset',
]
