import numpy as np
import pytest
import torch

from dad_plugins.evaluation.functional import detection_map
from dad_plugins.registry import METRICS


def as_rows(instances, with_scores):
    columns = [instances['segments'], instances['labels'][:, None].float()]
    if with_scores:
        columns.append(instances['scores'][:, None])
    return torch.cat(columns, dim=1).double().numpy()


@pytest.mark.parametrize('use_elements', [False, True])
def test_detection_map_metric(samples, element_samples, use_elements):
    metric = METRICS.build(dict(type='DetectionMAP', tious=[0.3, 0.5]))
    metric.process(None, element_samples if use_elements else samples)
    result = metric.evaluate(len(samples))
    expected = detection_map(
        {s['video_id']: as_rows(s['pred_instances'], True) for s in samples},
        {s['video_id']: as_rows(s['gt_instances'], False) for s in samples},
        tious=(0.3, 0.5),
    )
    assert set(result) == {'det/mAP@0.3', 'det/mAP@0.5', 'det/mAP'}
    for key in ('mAP@0.3', 'mAP@0.5', 'mAP'):
        assert result[f'det/{key}'] == pytest.approx(expected[key], nan_ok=True)


def test_detection_map_hand_values():
    sample = dict(
        video_id='v',
        pred_instances=dict(
            segments=torch.tensor([[0.0, 10.0], [20.0, 25.0]]),
            labels=torch.tensor([0, 0]),
            scores=torch.tensor([0.9, 0.8]),
        ),
        gt_instances=dict(
            segments=torch.tensor([[0.0, 10.0], [20.0, 30.0]]), labels=torch.tensor([0, 0])
        ),
    )
    metric = METRICS.build(dict(type='DetectionMAP'))
    metric.process(None, [sample])
    result = metric.evaluate(1)
    # The second detection has tIoU 0.5: TP up to 0.5, FP above (AP 1/2 there).
    assert [result[f'det/mAP@{t / 10:g}'] for t in range(1, 10)] == pytest.approx(
        [1] * 5 + [0.5] * 4
    )
    assert result['det/mAP'] == pytest.approx(np.mean([1] * 5 + [0.5] * 4))
