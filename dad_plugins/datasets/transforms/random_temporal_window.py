"""Random crop of a training window of tokens."""

import numpy as np
from mmcv.transforms import BaseTransform

from dad_plugins.registry import TRANSFORMS


@TRANSFORMS.register_module()
class RandomTemporalWindow(BaseTransform):
    """Crop ``window_size`` consecutive tokens at a random start.

    Videos shorter than the window are kept whole (the collate pads them and masks the padding).
    Crops ``feats``, every extra stream and ``gt_frame_labels``; keeps the segments that overlap
    the window, clipped to it, in seconds of the video (``gt_segments``) and in tokens of the
    window (``gt_token_segments``); records ``window_start`` (first token).

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
        end = min(start + self.window_size, num_tokens)
        window = slice(start, end)
        results['feats'] = results['feats'][window]
        results['streams'] = {name: array[window] for name, array in results['streams'].items()}
        results['gt_frame_labels'] = results['gt_frame_labels'][window]

        token_segments = results['gt_token_segments'] - start
        keep = (token_segments[:, 1] > 0) & (token_segments[:, 0] < end - start)
        results['gt_token_segments'] = np.clip(token_segments[keep], 0, end - start)
        rate = results['feature_rate']
        results['gt_segments'] = np.clip(results['gt_segments'][keep], start / rate, end / rate)
        results['gt_labels'] = results['gt_labels'][keep]
        results['window_start'] = start
        results['num_tokens'] = end - start
        return results

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}(window_size={self.window_size})'
