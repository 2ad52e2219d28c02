"""Registered segmentation mAP (per-frame mAP of detection-derived scores)."""

from collections.abc import Sequence
from typing import Any, Literal

from dad_plugins.registry import METRICS

from ..functional import segmentation_map
from ..functional.frame_map import FrameMAPAverage
from .data_sample_utils import (
    detection_array,
    frame_labels,
    frame_scores,
    get_field,
    unique_videos,
)
from .pooled_token_metric import PooledTokenMetric


@METRICS.register_module()
class SegmentationMAP(PooledTokenMetric):
    """Segmentation mAP of DualDETR Table 1 / PointTAD.

    ``pred_instances`` are turned into per-token scores (``mode='max'``: max score of the covering
    detections; ``mode='gaussian'``: PointTAD's Gaussian spread), optionally fused with the dense
    ``pred_frame_scores`` as ``theta * from_detections + (1 - theta) * dense``, and scored with
    per-frame mAP against ``gt_frame_labels``. Wraps
    :func:`dad_plugins.evaluation.segmentation_map`.

    Args:
        mode (str): ``'max'`` (default) or ``'gaussian'``.
        theta (float, optional): Fusion weight of the detection-derived scores; ``None`` (default)
            = no fusion. PointTAD uses ``mode='gaussian', theta=0.2`` on MultiTHUMOS.
        score_threshold (float): Detections scoring at or below it are ignored. Defaults to 0.01.
        sigma (float): Gaussian sigma in tokens. Defaults to 3.
        gain (float): Gaussian gain. Defaults to 5.
        average (str): Class average of the per-frame mAP. Defaults to ``'present'``.
        collect_device (str): Device for gathering results across ranks. Defaults to ``'cpu'``.
        prefix (str, optional): Key prefix. Defaults to ``'seg'``.

    Output keys: ``seg/mAP``.
    """

    default_prefix: str | None = 'seg'

    def __init__(
        self,
        mode: Literal['max', 'gaussian'] = 'max',
        theta: float | None = None,
        score_threshold: float = 0.01,
        sigma: float = 3.0,
        gain: float = 5.0,
        average: FrameMAPAverage = 'present',
        collect_device: str = 'cpu',
        prefix: str | None = None,
    ) -> None:
        super().__init__(collect_device=collect_device, prefix=prefix)
        self.mode = mode
        self.theta = theta
        self.score_threshold = score_threshold
        self.sigma = sigma
        self.gain = gain
        self.average = average

    def process(self, data_batch: Any, data_samples: Sequence[dict]) -> None:
        """Store each video's detections, labels ``(T, C)``, feature rate and, when fusing, the
        dense scores ``(T, C)``."""
        for data_sample in data_samples:
            self.results.append(
                dict(
                    video_id=get_field(data_sample, 'video_id'),
                    detections=detection_array(data_sample),
                    labels=frame_labels(data_sample),
                    feature_rate=float(get_field(data_sample, 'feature_rate')),
                    scores=None if self.theta is None else frame_scores(data_sample),
                )
            )

    def compute_metrics(self, results: list) -> dict:
        """Compute the per-frame mAP of the detection-derived scores."""
        results = unique_videos(results)
        pooled = self.pooled_tokens(results)
        output = segmentation_map(
            [r['detections'] for r in results],
            pooled,
            [r['feature_rate'] for r in results],
            mode=self.mode,
            dense_scores=None if self.theta is None else pooled,
            theta=0.0 if self.theta is None else self.theta,
            score_threshold=self.score_threshold,
            sigma=self.sigma,
            gain=self.gain,
            average=self.average,
        )
        return dict(mAP=output['mAP'])
