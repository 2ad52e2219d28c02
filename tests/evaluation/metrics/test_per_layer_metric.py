import pytest
import torch
from mmengine.structures import InstanceData

from dad_plugins.registry import METRICS
from dad_plugins.structures import DenseDataSample


def with_layers(samples):
    """Each video with three layers: its detections moved 1000 s away, its own detections,
    and its ground truth found exactly (the last layer, the model's output)."""
    out = []
    for sample in samples:
        own, truth = sample['pred_instances'], sample['gt_instances']
        exact = dict(truth, scores=torch.ones(len(truth['labels'])))
        layers = [dict(own, segments=own['segments'] + 1000.0), own, exact]
        out.append({**sample, 'pred_layer_instances': layers})
    return out


def test_each_layer_scores_as_the_metric_on_its_detections(samples):
    metric = METRICS.build(
        dict(type='PerLayerMetric', metric=dict(type='DetectionMAP', tious=[0.3, 0.5]))
    )
    layered = with_layers(samples)
    metric.process(None, layered[:4])
    metric.process(None, layered[4:])
    result = metric.evaluate(len(samples))
    assert set(result) == {
        f'det_layer{layer}/{key}' for layer in (1, 2, 3) for key in ('mAP@0.3', 'mAP@0.5', 'mAP')
    }
    for layer in (1, 2, 3):
        single = METRICS.build(dict(type='DetectionMAP', tious=[0.3, 0.5]))
        single.process(
            None, [dict(s, pred_instances=s['pred_layer_instances'][layer - 1]) for s in layered]
        )
        expected = single.evaluate(len(samples))
        for key, value in expected.items():
            assert result[key.replace('det/', f'det_layer{layer}/')] == pytest.approx(
                value, nan_ok=True
            )
    assert result['det_layer1/mAP'] == 0 and result['det_layer3/mAP'] == pytest.approx(1.0)


def test_reads_data_elements():
    sample = DenseDataSample(metainfo=dict(video_id='v', duration=10.0, feature_rate=1.0))
    sample.gt_instances = InstanceData(
        segments=torch.tensor([[2.0, 6.0]]), labels=torch.tensor([1])
    )
    found = InstanceData(
        segments=torch.tensor([[2.0, 6.0]]), labels=torch.tensor([1]), scores=torch.tensor([0.9])
    )
    missed = InstanceData(
        segments=torch.tensor([[7.0, 9.0]]), labels=torch.tensor([1]), scores=torch.tensor([0.9])
    )
    sample.pred_instances = found
    sample.pred_layer_instances = [missed, found]
    metric = METRICS.build(dict(type='PerLayerMetric', metric=dict(type='DetectionMAP')))
    metric.process(None, [sample])
    result = metric.evaluate(1)
    assert result['det_layer1/mAP'] == 0 and result['det_layer2/mAP'] == pytest.approx(1.0)


def test_missing_layers_say_how_to_decode_them(samples):
    metric = METRICS.build(dict(type='PerLayerMetric', metric=dict(type='DetectionMAP')))
    with pytest.raises(KeyError, match='decode_layers=True'):
        metric.process(None, samples[:1])
