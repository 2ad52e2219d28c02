"""Random crop of a training window whose length is itself drawn at random."""

from collections.abc import Sequence

import numpy as np
from mmcv.transforms import BaseTransform

from dad_plugins.registry import TRANSFORMS

from .random_temporal_window import RandomTemporalWindow


@TRANSFORMS.register_module()
class RandomLengthTemporalWindow(BaseTransform):
    """Draw a window length from ``window_sizes``, then crop as :class:`RandomTemporalWindow`.

    Variable-length training sequences of MLAD (Sec. 5.3, Table 4): ``T`` in
    ``{16 i | i = 1..8}`` for an evaluation length of 128. Use it with
    ``dense_collate`` without ``min_length``: a batch is padded to its longest window and the
    masks cover the rest. The length is drawn per video; the authors' released code draws one
    length per batch (a crop of the padded batch). With one candidate nothing is drawn: the
    transform crops exactly as ``RandomTemporalWindow(window_size)``, the fixed-length training
    of Table 4.

    Args:
        window_sizes (Sequence[int]): Candidate lengths, drawn uniformly.
    """

    def __init__(self, window_sizes: Sequence[int]) -> None:
        if not window_sizes:
            raise ValueError('window_sizes must not be empty')
        self.windows = [RandomTemporalWindow(int(size)) for size in window_sizes]

    def transform(self, results: dict) -> dict:
        if len(self.windows) == 1:
            return self.windows[0](results)
        return self.windows[np.random.randint(len(self.windows))](results)

    def __repr__(self) -> str:
        sizes = [window.window_size for window in self.windows]
        return f'{self.__class__.__name__}(window_sizes={sizes})'
