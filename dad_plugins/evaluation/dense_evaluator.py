"""An evaluator whose metrics share the pooled tokens of each evaluation."""

import copy

from mmengine.config import Config
from mmengine.evaluator import Evaluator

from dad_plugins.registry import EVALUATOR

from .metrics.pooled_token_metric import PooledTokenMetric


@EVALUATOR.register_module()
class DenseEvaluator(Evaluator):
    """mmengine's ``Evaluator``, with one pooling of the videos shared by its metrics.

    For the time of each :meth:`evaluate`, every :class:`PooledTokenMetric` among ``metrics``
    (frame mAP, action-conditional, multi-label and segmentation metrics) gets the same empty
    cache: the first one pools the per-token scores and labels of the videos (concatenation
    and class-major transpose), the others reuse them. The cache is dropped afterwards, so
    nothing is kept between evaluations. Results are those of the plain ``Evaluator``.

    Config: ``val_evaluator = dict(type='DenseEvaluator', metrics=[dict(type='FrameMAP'),
    ...])``; the tools wrap a plain list of metrics in it (:func:`share_pooled_tokens`).

    Args:
        metrics (dict | BaseMetric | Sequence): The metrics, as for ``Evaluator``.
    """

    def evaluate(self, size: int) -> dict:
        """Evaluate every metric over ``size`` samples, the pooled tokens shared."""
        sharing = [metric for metric in self.metrics if isinstance(metric, PooledTokenMetric)]
        cache = {}
        for metric in sharing:
            metric.pooled_cache = cache
        try:
            return super().evaluate(size)
        finally:
            for metric in sharing:
                metric.pooled_cache = None


def share_pooled_tokens(cfg: Config) -> Config:
    """A copy of ``cfg`` whose ``val_evaluator`` and ``test_evaluator``, where given as metrics
    (a list or one metric config), are :class:`DenseEvaluator` s of those metrics.

    Evaluators that already are ``dict(metrics=...)`` configs, and missing ones, stay as they
    are; ``cfg`` itself is not changed.
    """
    cfg = copy.deepcopy(cfg)
    for key in ('val_evaluator', 'test_evaluator'):
        evaluator = cfg.get(key)
        if isinstance(evaluator, dict) and 'metrics' not in evaluator:
            evaluator = [evaluator]
        if isinstance(evaluator, list | tuple):
            cfg[key] = dict(type='dad_plugins.DenseEvaluator', metrics=list(evaluator))
    return cfg
