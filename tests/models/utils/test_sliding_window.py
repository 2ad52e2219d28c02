import pytest
import torch
from mmengine.structures import InstanceData

from dad_plugins.models.utils import merge_windows, split_windows
from dad_plugins.structures import TokenPrediction, sliding_window_starts


def frame_windows(values: torch.Tensor, masks: torch.Tensor, index: int, batch: int):
    """The window predictions of video ``index``: its values ``(n B, 1, W)`` as frame scores."""
    return [
        TokenPrediction(num_tokens=int(mask.sum()), num_classes=1, frame_scores=value[:, mask].t())
        for value, mask in zip(values[index::batch], masks[index::batch])
    ]


def test_split_then_merge_recovers_per_token_values_and_averages_overlaps():
    # Scores equal to a function of the absolute token position survive split + merge.
    x = torch.arange(11.0).repeat(2, 1, 1)  # (B=2, D=1, T=11)
    masks = torch.ones(2, 11, dtype=torch.bool)
    masks[1, 7:] = False
    starts = sliding_window_starts(11, 4, 3)
    windows, window_masks = split_windows(x, masks, starts, 4)
    assert windows.shape == (len(starts) * 2, 1, 4)
    first = merge_windows(frame_windows(windows, window_masks, 0, 2), starts, 11)
    second = merge_windows(frame_windows(windows, window_masks, 1, 2), starts, 7)
    torch.testing.assert_close(first.frame_scores[:, 0], torch.arange(11.0))
    torch.testing.assert_close(second.frame_scores[:, 0], torch.arange(7.0))
    # Overlapping windows with different values are averaged.
    offsets = torch.arange(len(starts) * 2, dtype=torch.float).view(-1, 1, 1)
    averaged = merge_windows(frame_windows(windows * 0 + offsets, window_masks, 0, 2), starts, 11)
    # Token 3 is covered by windows 0 (start 0) and 1 (start 3): video 0 rows 0 and 2.
    assert averaged.frame_scores[3, 0].item() == pytest.approx((0 + 2) / 2)


def detections(segments, labels, scores, num_tokens=4):
    instances = InstanceData(
        segments=torch.tensor(segments), labels=torch.tensor(labels), scores=torch.tensor(scores)
    )
    return TokenPrediction(num_tokens=num_tokens, num_classes=2, instances=instances)


def test_merged_detections_move_to_video_tokens_lose_duplicates_and_are_capped():
    windows = [
        detections([[1.0, 3.0], [0.0, 1.0]], [0, 1], [0.9, 0.3]),
        detections([[0.0, 1.0], [2.0, 4.0]], [0, 1], [0.8, 0.5]),  # its first duplicates [1, 3]
        detections([[0.0, 1.0]], [0], [0.1], num_tokens=0),  # an empty window: skipped
    ]
    merged = merge_windows(windows, [0, 2, 4], 6)
    torch.testing.assert_close(merged.instances.scores, torch.tensor([0.9, 0.8, 0.5, 0.3]))
    torch.testing.assert_close(merged.instances.segments[1], torch.tensor([2.0, 3.0]))
    deduplicated = merge_windows(windows, [0, 2, 4], 6, merge_nms=0.4, max_per_video=2)
    torch.testing.assert_close(deduplicated.instances.scores, torch.tensor([0.9, 0.5]))
    assert deduplicated.instances.labels.tolist() == [0, 1]
