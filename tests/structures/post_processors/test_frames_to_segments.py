import pytest
import torch
from mmengine.structures import InstanceData

from dad_plugins.registry import TASK_UTILS

SCORES = torch.tensor([[0.1, 0.6], [0.7, 0.8], [0.9, 0.2], [0.2, 0.9], [0.6, 0.5]])


def test_build_and_call():
    post = TASK_UTILS.build(dict(type='FramesToSegments', threshold=0.5, score_rule='mean'))
    result = post(SCORES, feature_rate=2.0)
    assert isinstance(result, InstanceData)
    # Sorted by score: class-1 run 3-4 (0.7), class-0 run 1-2 (0.8) ... see the functional test.
    torch.testing.assert_close(result.scores, torch.tensor([0.8, 0.7, 0.7, 0.6]))
    assert result.labels.dtype == torch.long
    assert result.labels.tolist() == [0, 1, 1, 0]
    torch.testing.assert_close(
        result.segments, torch.tensor([[0.5, 1.5], [0.0, 1.0], [1.5, 2.5], [2.0, 2.5]])
    )


def test_max_per_video_and_empty():
    post = TASK_UTILS.build(dict(type='FramesToSegments', max_per_video=1, score_rule='max'))
    result = post(SCORES, feature_rate=1.0)
    assert len(result) == 1 and result.scores.item() == pytest.approx(0.9)
    empty = TASK_UTILS.build(dict(type='FramesToSegments', threshold=2.0))(SCORES, 1.0)
    assert empty.segments.shape == (0, 2) and empty.labels.shape == (0,)


def test_bad_score_rule():
    with pytest.raises(ValueError, match='score_rule'):
        TASK_UTILS.build(dict(type='FramesToSegments', score_rule='median'))
