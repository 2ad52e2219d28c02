import numpy as np
import pytest

from dad_plugins.evaluation.functional import multilabel_metrics, per_class_precision_recall_f1
from dad_plugins.registry import METRICS

from .conftest import valid


def test_multi_label_metric(samples):
    metric = METRICS.build(dict(type='MultiLabelMetric', threshold=0.6))
    metric.process(None, samples)
    result = metric.evaluate(len(samples))
    expected = multilabel_metrics(
        np.concatenate([valid(s, 'pred_frame_scores') for s in samples]),
        np.concatenate([valid(s, 'gt_frame_labels') for s in samples]),
        threshold=0.6,
    )
    assert result == {f'multilabel/{k}': pytest.approx(v) for k, v in expected.items()}


def test_per_class_means(samples):
    metric = METRICS.build(dict(type='MultiLabelMetric', per_class=True))
    metric.process(None, samples)
    result = metric.evaluate(len(samples))
    per_class = per_class_precision_recall_f1(
        [valid(s, 'pred_frame_scores') for s in samples],
        [valid(s, 'gt_frame_labels') for s in samples],
    )
    assert len(result) == 9
    for name in ('precision', 'recall', 'f1'):
        assert result[f'multilabel/{name}'] == pytest.approx(np.nanmean(per_class[name]))
