"""Registered token-level multi-label classification metrics (MLAD Table 2)."""

import numpy as np

from dad_plugins.registry import METRICS

from ..functional import multilabel_metrics, per_class_precision_recall_f1
from .data_sample_utils import unique_videos
from .pooled_token_metric import PooledTokenMetric


@METRICS.register_module()
class MultiLabelMetric(PooledTokenMetric):
    """Hamming, zero-one and ranking losses, coverage error, Jaccard score and LRAP over tokens.

    Wraps :func:`dad_plugins.evaluation.multilabel_metrics` (scikit-learn definitions, every valid
    token one sample, Jaccard sample-averaged). With ``per_class=True`` it also reports MLAD's
    per-class precision, recall and F1 (Eq. (8), the bars of its Fig. S1,
    :func:`dad_plugins.evaluation.per_class_precision_recall_f1`), each averaged over the classes
    with at least one positive.

    Args:
        threshold (float): Binarisation threshold. Defaults to 0.5.
        per_class (bool): Add ``precision``, ``recall`` and ``f1``. Defaults to False.
        collect_device (str): Device for gathering results across ranks. Defaults to ``'cpu'``.
        prefix (str, optional): Key prefix. Defaults to ``'multilabel'``.

    Output keys: ``multilabel/{hamming_loss,zero_one_loss,ranking_loss,coverage_error,jaccard,
    lrap}``, with ``per_class=True`` also ``multilabel/{precision,recall,f1}``.
    """

    default_prefix: str | None = 'multilabel'

    def __init__(
        self,
        threshold: float = 0.5,
        per_class: bool = False,
        collect_device: str = 'cpu',
        prefix: str | None = None,
    ) -> None:
        super().__init__(collect_device=collect_device, prefix=prefix)
        self.threshold = threshold
        self.per_class = per_class

    def compute_metrics(self, results: list) -> dict:
        """Compute the six metrics (and the per-class means) over all stored tokens."""
        pooled = self.pooled_tokens(unique_videos(results))
        metrics = multilabel_metrics(pooled, None, self.threshold)
        if self.per_class:
            per_class = per_class_precision_recall_f1(pooled, None, self.threshold)
            metrics.update({name: float(np.nanmean(v)) for name, v in per_class.items()})
        return metrics
