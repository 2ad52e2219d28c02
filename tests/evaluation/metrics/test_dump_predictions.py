import numpy as np
import pytest
import torch
from mmengine.structures import InstanceData

from dad_plugins.evaluation import DumpPredictions
from dad_plugins.evaluation.metrics.dump_predictions import load_dump
from dad_plugins.structures import DenseDataSample


def data_sample(video_id: str) -> dict:
    sample = DenseDataSample(
        metainfo=dict(video_id=video_id, duration=4.0, feature_rate=2.0, num_tokens=8)
    )
    generator = torch.Generator().manual_seed(0)
    sample.pred_frame_scores = torch.rand(8, 3, generator=generator)
    sample.gt_frame_labels = (torch.rand(8, 3, generator=generator) > 0.5).float()
    sample.pred_instances = InstanceData(
        segments=torch.tensor([[0.5, 1.5]]), labels=torch.tensor([2]), scores=torch.tensor([0.7])
    )
    sample.gt_instances = InstanceData(
        segments=torch.tensor([[0.0, 1.0]]),
        token_segments=torch.tensor([[0.0, 2.0]]),
        labels=torch.tensor([1]),
    )
    return sample.to_dict()


@pytest.mark.parametrize('suffix', ['.pkl', '.json'])
def test_dump_holds_predictions_ground_truth_and_meta(tmp_path, suffix):
    path = tmp_path / f'preds{suffix}'
    metric = DumpPredictions(str(path))
    metric.process(None, [data_sample('a'), data_sample('b')])
    assert metric.compute_metrics(metric.results) == {}
    records = load_dump(path)
    assert [r['video_id'] for r in records] == ['a', 'b']
    record, expected = records[0], data_sample('a')
    assert (record['duration'], record['feature_rate'], record['num_tokens']) == (4.0, 2.0, 8)
    np.testing.assert_array_equal(record['pred_frame_scores'], expected['pred_frame_scores'])
    np.testing.assert_array_equal(record['gt_frame_labels'], expected['gt_frame_labels'])
    assert record['pred_instances']['scores'].tolist() == pytest.approx([0.7])
    assert record['gt_instances']['segments'].tolist() == [[0.0, 1.0]]
    assert record['gt_instances']['labels'].tolist() == [1]


def test_other_suffixes_are_refused():
    with pytest.raises(ValueError, match='.pkl or .json'):
        DumpPredictions('preds.txt')
