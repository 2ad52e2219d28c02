"""Metrics over the pooled tokens of all videos, shared within one evaluation."""

from collections.abc import Sequence
from typing import Any

from mmengine.evaluator import BaseMetric

from ..functional import PooledTokens
from .data_sample_utils import frame_result


class PooledTokenMetric(BaseMetric):
    """A metric that reads the pooled per-token scores and labels of the evaluated videos.

    Its evaluator may give it a cache (:attr:`pooled_cache`, set by
    :class:`~dad_plugins.evaluation.DenseEvaluator` for the time of one evaluation) shared with
    the other metrics of that evaluation: the first metric pools the videos, the others reuse
    the arrays. Without a cache every call pools its own.

    By default :meth:`process` stores each video's valid per-token scores and labels; a metric
    that needs more of the predictions (e.g. the detections) overrides it.
    """

    #: ``{video ids: PooledTokens}`` of the running evaluation, or None.
    pooled_cache: dict | None = None

    def process(self, data_batch: Any, data_samples: Sequence[dict]) -> None:
        """Store each video's valid per-token scores ``(T, C)`` and labels ``(T, C)``."""
        self.results.extend(frame_result(data_sample) for data_sample in data_samples)

    def pooled_tokens(self, results: Sequence[dict]) -> PooledTokens:
        """The :class:`PooledTokens` of ``results`` (dicts with ``video_id``, ``labels`` and,
        when the predictions hold them, ``scores``), from the cache when another metric of the
        evaluation pooled the same videos."""
        key = tuple(r['video_id'] for r in results)
        has_scores = bool(results) and results[0].get('scores') is not None
        scores = [r['scores'] for r in results] if has_scores else None
        cached = None if self.pooled_cache is None else self.pooled_cache.get(key)
        if cached is None:
            cached = PooledTokens(scores, [r['labels'] for r in results])
            if self.pooled_cache is not None:
                self.pooled_cache[key] = cached
        elif cached.video_scores is None and scores is not None:
            cached.video_scores = scores
        return cached
