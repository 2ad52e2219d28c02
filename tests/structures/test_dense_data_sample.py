import pytest
import torch
from mmengine.structures import InstanceData

from dad_plugins.structures import DenseDataSample


def sample(window_start=0):
    data_sample = DenseDataSample()
    data_sample.set_metainfo(
        dict(video_id='v', duration=9.5, feature_rate=2.0, num_tokens=8, window_start=window_start)
    )
    return data_sample


def test_typed_fields_round_trip_through_to_dict():
    data_sample = sample()
    data_sample.gt_frame_labels = torch.zeros(8, 3)
    data_sample.pred_frame_scores = torch.rand(8, 3)
    data_sample.pred_instances = InstanceData(segments=torch.zeros(0, 2))
    as_dict = data_sample.to_dict()
    assert {'gt_frame_labels', 'pred_frame_scores', 'pred_instances', 'video_id'} <= set(as_dict)
    assert as_dict['pred_frame_scores'].shape == (8, 3)
    with pytest.raises(AssertionError):
        data_sample.gt_frame_labels = [[0, 1]]  # not a tensor
    with pytest.raises(AssertionError):
        data_sample.pred_instances = torch.zeros(1, 2)  # not an InstanceData


def test_tokens_to_seconds_adds_the_window_start_and_clips_to_the_video():
    tokens = torch.tensor([[0.0, 2.0], [3.0, 20.0]])
    torch.testing.assert_close(
        sample().tokens_to_seconds(tokens), torch.tensor([[0.0, 1.0], [1.5, 9.5]])
    )
    torch.testing.assert_close(
        sample(window_start=4).tokens_to_seconds(tokens), torch.tensor([[2.0, 3.0], [3.5, 9.5]])
    )
