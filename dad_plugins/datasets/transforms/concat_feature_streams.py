"""Concatenate extra feature streams onto the main stream."""

from collections.abc import Sequence

import numpy as np
from mmcv.transforms import BaseTransform

from dad_plugins.registry import TRANSFORMS


@TRANSFORMS.register_module()
class ConcatFeatureStreams(BaseTransform):
    """Append extra streams to ``feats`` along the channels: ``(T, D + sum D_s)``.

    Single-stream models then read several feature types, e.g. I3D and CLIP image features for
    the RefDense sub-networks trained alone (RefDense Table 3). The streams are removed from
    ``streams``.

    Args:
        streams (Sequence[str]): Names of the extra streams, in concatenation order.
    """

    def __init__(self, streams: Sequence[str]) -> None:
        self.streams = tuple(streams)

    def transform(self, results: dict) -> dict:
        missing = [name for name in self.streams if name not in results['streams']]
        if missing:
            raise KeyError(
                f'ConcatFeatureStreams: video {results["video_id"]} has no stream {missing}; '
                f'loaded: {sorted(results["streams"])} (set them in the dataset data_prefix)'
            )
        extra = [results['streams'].pop(name) for name in self.streams]
        results['feats'] = np.concatenate([results['feats'], *extra], axis=1)
        return results

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}(streams={self.streams})'
