"""Random crop of a training window of tokens."""

import numpy as np
from mmcv.transforms import BaseTransform

from dad_plugins.registry import TRANSFORMS

from .crop_temporal_window import crop_tokens


@TRANSFORMS.register_module()
class RandomTemporalWindow(BaseTransform):
    """Crop ``window_size`` consecutive tokens at a random start.

    Videos shorter than the window are kept whole (the collate pads them and masks the padding).
    Crops as :func:`~dad_plugins.datasets.transforms.crop_temporal_window.crop_tokens`. One
    random window per video and epoch; :class:`~dad_plugins.datasets.SlidingWindowDataset` with
    :class:`CropTemporalWindow` trains on every window instead.

    Args:
        window_size (int): ``T`` of a training sample.
    """

    def __init__(self, window_size: int) -> None:
        if window_size < 1:
            raise ValueError(f'window_size must be positive, got {window_size}')
        self.window_size = window_size

    def transform(self, results: dict) -> dict:
        num_tokens = results['num_tokens']
        start = 0
        if num_tokens > self.window_size:
            start = int(np.random.randint(0, num_tokens - self.window_size + 1))
        return crop_tokens(results, start, min(start + self.window_size, num_tokens))

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}(window_size={self.window_size})'
