"""Metrics over the pooled tokens of all videos, shared within one evaluation."""

from collections.abc import Sequence

from mmengine.evaluator import BaseMetric

from ..functional import PooledTokens


class PooledTokenMetric(BaseMetric):
    """A metric that reads the pooled per-token scores and labels of the evaluated videos.

    Its evaluator may give it a cache (:attr:`pooled_cache`, set by
    :class:`~dad_plugins.evaluation.DenseEvaluator` for the time of one evaluation) shared with
    the other metrics of that evaluation: the first metric pools the videos, the others reuse
    the arrays. Without a cache every call pools its own.
    """

    #: ``{video ids: PooledTokens}`` of the running evaluation, or None.
    pooled_cache: dict | None = None

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
