import pytest

from dad_plugins.evaluation.functional import segmentation_map
from dad_plugins.evaluation.metrics.data_sample_utils import detection_array
from dad_plugins.registry import METRICS

from .conftest import valid


@pytest.mark.parametrize(
    'cfg', [dict(), dict(mode='gaussian'), dict(mode='gaussian', theta=0.2, sigma=2.0)]
)
def test_segmentation_map_metric(samples, cfg):
    metric = METRICS.build(dict(type='SegmentationMAP', **cfg))
    metric.process(None, samples)
    result = metric.evaluate(len(samples))
    theta = cfg.get('theta')
    expected = segmentation_map(
        [detection_array(s) for s in samples],
        [valid(s, 'gt_frame_labels') for s in samples],
        [s['feature_rate'] for s in samples],
        mode=cfg.get('mode', 'max'),
        dense_scores=None if theta is None else [valid(s, 'pred_frame_scores') for s in samples],
        theta=0.0 if theta is None else theta,
        sigma=cfg.get('sigma', 3.0),
    )
    assert result == {'seg/mAP': pytest.approx(expected['mAP'])}
