import pytest
import torch
from mmengine.structures import InstanceData

from dad_plugins.registry import TASK_UTILS
from dad_plugins.structures import TokenPrediction


def test_each_token_takes_the_best_detection_of_its_class_covering_it():
    instances = InstanceData(
        segments=torch.tensor([[0.0, 2.0], [1.0, 4.0], [2.5, 3.0], [0.0, 5.0]]),
        labels=torch.tensor([0, 0, 1, 1]),
        scores=torch.tensor([0.9, 0.4, 0.7, 0.005]),  # the last is under the threshold
    )
    prediction = TokenPrediction(num_tokens=5, num_classes=2, instances=instances)
    frames = TASK_UTILS.build(dict(type='SegmentsToFrames'))(prediction).frame_scores
    expected = torch.tensor(
        [[0.9, 0.0], [0.9, 0.0], [0.4, 0.7], [0.4, 0.0], [0.0, 0.0]]
    )  # token t spans [t, t + 1): [2.5, 3.0] covers token 2 only
    torch.testing.assert_close(frames, expected)


def test_bad_mode_and_missing_detections():
    with pytest.raises(ValueError, match='mode'):
        TASK_UTILS.build(dict(type='SegmentsToFrames', mode='mean'))
    with pytest.raises(ValueError, match='segment detections'):
        TASK_UTILS.build(dict(type='SegmentsToFrames'))(TokenPrediction(4, 2))
