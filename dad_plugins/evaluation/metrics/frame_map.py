"""Registered per-frame mAP metric."""

import logging
import math

from mmengine.logging import print_log

from dad_plugins.registry import METRICS

from ..functional import frame_map
from ..functional.frame_map import FrameMAPAverage
from .data_sample_utils import unique_videos
from .pooled_token_metric import PooledTokenMetric


@METRICS.register_module()
class FrameMAP(PooledTokenMetric):
    """Per-frame mAP over the valid tokens of all videos (PAT, MLAD, RefDense headline metric).

    Pools the unpadded tokens of every video (``num_tokens`` of each) and computes
    :func:`dad_plugins.evaluation.frame_map`. Videos are evaluated whole, not cut to 256 tokens.

    Args:
        average (str): ``'present'`` (classes with positives, default), ``'all'`` (absent classes
            count 0, MS-TCT test script) or ``'nonzero'`` (classes with AP > 0, MS-TCT / PAT
            training logs).
        sample (int, optional): Charades-localize variant: ``25`` equally spaced tokens per video.
            ``None`` (default) = all tokens.
        collect_device (str): Device for gathering results across ranks. Defaults to ``'cpu'``.
        prefix (str, optional): Key prefix. Defaults to ``'frame'``.

    Output keys: ``frame/mAP``.
    """

    default_prefix: str | None = 'frame'

    def __init__(
        self,
        average: FrameMAPAverage = 'present',
        sample: int | None = None,
        collect_device: str = 'cpu',
        prefix: str | None = None,
    ) -> None:
        super().__init__(collect_device=collect_device, prefix=prefix)
        self.average = average
        self.sample = sample

    def compute_metrics(self, results: list) -> dict:
        """Compute per-frame mAP over all stored videos."""
        results = unique_videos(results)
        if self.sample is None:
            output = frame_map(self.pooled_tokens(results), None, average=self.average)
        else:
            output = frame_map(
                [r['scores'] for r in results],
                [r['labels'] for r in results],
                average=self.average,
                sample=self.sample,
            )
        if math.isnan(output['mAP']):
            print_log(
                'frame/mAP is NaN: no token of any evaluated video is a positive of a scored '
                'class, so a checkpoint hook saving the best frame/mAP saves nothing; check the '
                "split's annotations and the label rule",
                logger='current',
                level=logging.WARNING,
            )
        return dict(mAP=output['mAP'])
