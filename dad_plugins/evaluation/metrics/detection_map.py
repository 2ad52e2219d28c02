"""Registered detection mAP over tIoU thresholds."""

from collections.abc import Sequence
from typing import Any

from mmengine.evaluator import BaseMetric

from dad_plugins.registry import METRICS

from ..functional import DEFAULT_TIOUS, detection_map
from .data_sample_utils import detection_array, get_field, ground_truth_array, unique_videos


@METRICS.register_module()
class DetectionMAP(BaseMetric):
    """ActivityNet-style detection mAP at tIoU 0.1:0.1:0.9 (ASL, DualDETR, PointTAD, OpenTAD).

    Wraps :func:`dad_plugins.evaluation.detection_map` on ``pred_instances`` / ``gt_instances``.

    Args:
        tious (Sequence[float]): tIoU thresholds. Defaults to 0.1, 0.2, ..., 0.9.
        collect_device (str): Device for gathering results across ranks. Defaults to ``'cpu'``.
        prefix (str, optional): Key prefix. Defaults to ``'det'``.

    Output keys: ``det/mAP@{thr}`` per threshold (``det/mAP@0.5``) and ``det/mAP`` (average).
    """

    default_prefix: str | None = 'det'

    def __init__(
        self,
        tious: Sequence[float] = DEFAULT_TIOUS,
        collect_device: str = 'cpu',
        prefix: str | None = None,
    ) -> None:
        super().__init__(collect_device=collect_device, prefix=prefix)
        self.tious = tuple(float(t) for t in tious)

    def process(self, data_batch: Any, data_samples: Sequence[dict]) -> None:
        """Store each video's detections ``(N, 4)`` and ground truth ``(M, 3)``."""
        for data_sample in data_samples:
            self.results.append(
                dict(
                    video_id=get_field(data_sample, 'video_id'),
                    detections=detection_array(data_sample),
                    ground_truth=ground_truth_array(data_sample),
                )
            )

    def compute_metrics(self, results: list) -> dict:
        """Compute mAP per threshold and its average."""
        results = unique_videos(results)
        output = detection_map(
            {r['video_id']: r['detections'] for r in results},
            {r['video_id']: r['ground_truth'] for r in results},
            tious=self.tious,
        )
        output.pop('per_class_ap')
        return output
