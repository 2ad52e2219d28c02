"""DenseEvaluator: the metrics of one evaluation share one pooling of the videos."""

import numpy as np
import pytest
from mmengine.config import Config
from mmengine.evaluator import Evaluator

from dad_plugins.evaluation import DenseEvaluator, choose_metrics, share_pooled_tokens
from dad_plugins.evaluation.functional import pooling
from dad_plugins.registry import EVALUATOR, METRICS

from .metrics.conftest import make_sample

SUITE = [
    dict(type='FrameMAP'),
    dict(type='FrameMAP', sample=25, prefix='localize'),
    dict(type='ActionConditionalMetric', taus=(0, 3, -3)),
    dict(type='MultiLabelMetric', per_class=True),
    dict(type='DetectionMAP'),
    dict(type='SegmentationMAP'),
    dict(type='SegmentationMAP', mode='gaussian', theta=0.2, prefix='seg_gaussian'),
]


@pytest.fixture
def samples() -> list[dict]:
    rng = np.random.default_rng(1)
    return [make_sample(rng, i, padding=5 if i % 4 == 0 else 0) for i in range(12)]


def evaluate(kind: type, configs: list[dict], samples: list[dict]) -> tuple[dict, list]:
    evaluator = kind([METRICS.build(cfg) for cfg in configs])
    for first in range(0, len(samples), 5):
        evaluator.process(samples[first : first + 5])
    return evaluator.evaluate(len(samples)), evaluator.metrics


def test_same_values_as_the_plain_evaluator(samples):
    dense, _ = evaluate(DenseEvaluator, SUITE, samples)
    plain, _ = evaluate(Evaluator, SUITE, samples)
    assert dense == plain
    assert len(dense) == 1 + 1 + 12 + 9 + 10 + 1 + 1


def test_the_videos_are_pooled_once_and_nothing_is_kept(samples, monkeypatch):
    calls = []
    original = pooling.pool_class_major
    monkeypatch.setattr(
        pooling, 'pool_class_major', lambda arrays: calls.append(1) or original(arrays)
    )
    configs = [SUITE[0], SUITE[2], SUITE[5], SUITE[6]]
    evaluate(Evaluator, configs, samples)
    # frame: scores and labels; action_cond, seg: labels; seg_gaussian: labels and dense scores
    assert len(calls) == 6
    calls.clear()
    _, metrics = evaluate(DenseEvaluator, configs, samples)
    assert len(calls) == 2  # class-major scores and labels, once for all
    assert all(metric.pooled_cache is None for metric in metrics)


def test_share_pooled_tokens_wraps_metric_lists():
    cfg = Config(
        dict(
            val_evaluator=[dict(type='FrameMAP'), dict(type='DetectionMAP')],
            test_evaluator=dict(type='FrameMAP'),
        )
    )
    shared = share_pooled_tokens(cfg)
    assert cfg.val_evaluator == [dict(type='FrameMAP'), dict(type='DetectionMAP')]  # unchanged
    assert shared.val_evaluator == dict(
        type='dad_plugins.DenseEvaluator', metrics=cfg.val_evaluator
    )
    assert shared.test_evaluator.metrics == [dict(type='FrameMAP')]
    assert isinstance(EVALUATOR.build(shared.val_evaluator.to_dict()), DenseEvaluator)
    assert share_pooled_tokens(shared).val_evaluator == shared.val_evaluator  # kept as it is
    assert choose_metrics(shared.val_evaluator, None) == cfg.val_evaluator
