import pytest

from dad_plugins.evaluation.functional import action_conditional_metrics
from dad_plugins.registry import METRICS

from .conftest import valid


def test_action_conditional_metric(samples):
    metric = METRICS.build(dict(type='ActionConditionalMetric', taus=[0, 6, -6], threshold=0.5))
    metric.process(None, samples)
    result = metric.evaluate(len(samples))
    scores = [valid(s, 'pred_frame_scores') for s in samples]
    labels = [valid(s, 'gt_frame_labels') for s in samples]
    assert len(result) == 12
    for tau in (0, 6, -6):
        expected = action_conditional_metrics(scores, labels, tau)
        for name in ('P_AC', 'R_AC', 'F1_AC', 'mAP_AC'):
            assert result[f'action_cond/{name}@tau{tau}'] == pytest.approx(expected[name])


def test_f1_choice_reaches_the_function(samples):
    metric = METRICS.build(dict(type='ActionConditionalMetric', taus=[0], f1='averages'))
    metric.process(None, samples)
    result = metric.evaluate(len(samples))
    scores = [valid(s, 'pred_frame_scores') for s in samples]
    labels = [valid(s, 'gt_frame_labels') for s in samples]
    expected = action_conditional_metrics(scores, labels, 0, f1='averages')
    assert result['action_cond/F1_AC@tau0'] == pytest.approx(expected['F1_AC'])
    with pytest.raises(ValueError, match='f1 must be one of'):
        METRICS.build(dict(type='ActionConditionalMetric', f1='harmonic'))


def test_default_taus_are_an_immutable_tuple():
    metric = METRICS.build(dict(type='ActionConditionalMetric'))
    assert metric.taus == (0, 20, 40)
