"""``--metrics`` of tools/test.py and eval_dump.py: which metric configs a choice gives."""

from dad_plugins.evaluation import (
    DEFAULT_METRIC_KINDS,
    METRIC_KINDS,
    choose_metrics,
    evaluator_metrics,
)
from dad_plugins.registry import METRICS

EVALUATOR = [
    dict(type='FrameMAP'),
    dict(type='SegmentationMAP', mode='gaussian'),
    dict(type='DumpPredictions', out_file='preds.pkl'),
]


def test_every_kind_is_a_registered_metric():
    for metric_type in METRIC_KINDS.values():
        assert METRICS.get(metric_type) is not None


def test_chosen_kinds_keep_the_config_settings_and_add_defaults():
    chosen = choose_metrics(EVALUATOR, ['det', 'seg'])
    # the config's entries in its order, then defaults of the kinds it lacks
    assert chosen == [dict(type='SegmentationMAP', mode='gaussian'), dict(type='DetectionMAP')]
    assert choose_metrics(EVALUATOR, ['seg', 'seg']) == [chosen[0]]


def test_without_a_choice_the_config_metrics_else_the_defaults():
    assert choose_metrics(EVALUATOR, None) == EVALUATOR[:2]
    assert choose_metrics(dict(type='FrameMAP'), None) == [dict(type='FrameMAP')]
    defaults = [dict(type=METRIC_KINDS[kind]) for kind in DEFAULT_METRIC_KINDS]
    assert choose_metrics(None, None) == defaults
    assert choose_metrics([dict(type='DumpPredictions', out_file='p.pkl')], None) == defaults


def test_the_config_is_not_changed():
    chosen = choose_metrics(EVALUATOR, ['seg'])
    chosen[0]['mode'] = 'max'
    assert EVALUATOR[1]['mode'] == 'gaussian'


def test_evaluator_metrics_of_every_evaluator_form():
    assert evaluator_metrics(EVALUATOR) == EVALUATOR
    assert evaluator_metrics(tuple(EVALUATOR)) == EVALUATOR
    assert evaluator_metrics(EVALUATOR[0]) == [EVALUATOR[0]]
    assert evaluator_metrics(dict(type='DenseEvaluator', metrics=EVALUATOR)) == EVALUATOR
    assert evaluator_metrics(None) == []
