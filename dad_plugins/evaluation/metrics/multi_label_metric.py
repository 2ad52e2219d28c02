"""Registered token-level multi-label classification metrics (MLAD Table 2)."""

from collections.abc import Sequence
from typing import Any

from mmengine.evaluator import BaseMetric

from dad_plugins.registry import METRICS

from ..functional import multilabel_metrics
from .data_sample_utils import frame_result, unique_videos


@METRICS.register_module()
class MultiLabelMetric(BaseMetric):
    """Hamming, zero-one and ranking losses, coverage error, Jaccard score and LRAP over tokens.

    Wraps :func:`dad_plugins.evaluation.multilabel_metrics` (scikit-learn definitions, every valid
    token one sample, Jaccard sample-averaged).

    Args:
        threshold (float): Binarisation threshold. Defaults to 0.5.
        collect_device (str): Device for gathering results across ranks. Defaults to ``'cpu'``.
        prefix (str, optional): Key prefix. Defaults to ``'multilabel'``.

    Output keys: ``multilabel/{hamming_loss,zero_one_loss,ranking_loss,coverage_error,jaccard,
    lrap}``.
    """

    default_prefix: str | None = 'multilabel'

    def __init__(
        self, threshold: float = 0.5, collect_device: str = 'cpu', prefix: str | None = None
    ) -> None:
        super().__init__(collect_device=collect_device, prefix=prefix)
        self.threshold = threshold

    def process(self, data_batch: Any, data_samples: Sequence[dict]) -> None:
        """Store each video's valid per-token scores ``(T, C)`` and labels ``(T, C)``."""
        self.results.extend(frame_result(data_sample) for data_sample in data_samples)

    def compute_metrics(self, results: list) -> dict:
        """Compute the six metrics over all stored tokens."""
        results = unique_videos(results)
        return multilabel_metrics(
            [r['scores'] for r in results], [r['labels'] for r in results], self.threshold
        )
