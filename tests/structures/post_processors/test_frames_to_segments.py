import pytest
import torch

from dad_plugins.registry import TASK_UTILS
from dad_plugins.structures import TokenPrediction

SCORES = torch.tensor([[0.1, 0.6], [0.7, 0.8], [0.9, 0.2], [0.2, 0.9], [0.6, 0.5]])


def predict(post_processor: dict) -> TokenPrediction:
    prediction = TokenPrediction(num_tokens=5, num_classes=2, frame_scores=SCORES)
    return TASK_UTILS.build(post_processor)(prediction)


def test_runs_become_segments_in_tokens_by_descending_score():
    result = predict(dict(type='FramesToSegments', threshold=0.5, score_rule='mean')).instances
    # Class 0: runs 1-2 (mean 0.8) and 4 (0.6); class 1: runs 0-1 (0.7) and 3-4 (0.7).
    torch.testing.assert_close(result.scores, torch.tensor([0.8, 0.7, 0.7, 0.6]))
    assert result.labels.dtype == torch.long
    assert result.labels.tolist() == [0, 1, 1, 0]
    torch.testing.assert_close(
        result.segments, torch.tensor([[1.0, 3.0], [0.0, 2.0], [3.0, 5.0], [4.0, 5.0]])
    )


def test_max_per_video_and_empty():
    result = predict(dict(type='FramesToSegments', max_per_video=1, score_rule='max')).instances
    assert len(result) == 1 and result.scores.item() == pytest.approx(0.9)
    empty = predict(dict(type='FramesToSegments', threshold=2.0)).instances
    assert empty.segments.shape == (0, 2) and empty.labels.shape == (0,)


def test_bad_score_rule_and_missing_scores():
    with pytest.raises(ValueError, match='score_rule'):
        TASK_UTILS.build(dict(type='FramesToSegments', score_rule='median'))
    with pytest.raises(ValueError, match='per-token scores'):
        TASK_UTILS.build(dict(type='FramesToSegments'))(TokenPrediction(4, 2))
