"""Sliding-window inference: split padded videos into windows and merge window predictions.

The window starts come from :func:`dad_plugins.structures.sliding_window_starts`.
"""

import torch
from mmengine.structures import InstanceData

from dad_plugins.structures import TokenPrediction, nms


def split_windows(
    x: torch.Tensor, masks: torch.Tensor, starts: list[int], window_size: int
) -> tuple[torch.Tensor, torch.Tensor]:
    """Cut ``(B, D, T)`` features and ``(B, T)`` masks into windows.

    Returns:
        tuple[Tensor, Tensor]: ``(n * B, D, W)`` windows (window-major: window ``k`` of video ``b``
        at ``k * B + b``) and their ``(n * B, W)`` masks, with ``W = min(window_size, T)``.
    """
    width = min(window_size, x.shape[-1])
    windows = torch.cat([x[..., start : start + width] for start in starts])
    window_masks = torch.cat([masks[:, start : start + width] for start in starts])
    return windows, window_masks


def merge_windows(
    windows: list[TokenPrediction],
    starts: list[int],
    num_tokens: int,
    merge_nms: float | None = None,
    max_per_video: int | None = None,
) -> TokenPrediction:
    """One video's prediction from the predictions of its windows, in tokens of the video.

    Per-token scores are averaged over the windows covering each token; detections are moved
    by their window's start and concatenated, then (``merge_nms``) class-wise NMS removes the
    duplicates of overlapping windows, and the ``max_per_video`` best are kept, by descending
    score. Windows without valid tokens (``num_tokens == 0``) are skipped.

    Args:
        windows (list[TokenPrediction]): The video's window predictions, in window order.
        starts (list[int]): First token of each window.
        num_tokens (int): Valid tokens ``T`` of the video.
        merge_nms (float, optional): tIoU threshold of the merging NMS (applied with more than
            one window). Defaults to None: none.
        max_per_video (int, optional): Detections kept. Defaults to None: all.
    """
    pairs = [(w, start) for w, start in zip(windows, starts) if w.num_tokens > 0]
    first = pairs[0][0]
    merged = TokenPrediction(num_tokens=num_tokens, num_classes=first.num_classes)
    if first.frame_scores is not None:
        total = first.frame_scores.new_zeros(num_tokens, first.num_classes)  # (T, C)
        count = first.frame_scores.new_zeros(num_tokens, 1)
        for window, start in pairs:
            total[start : start + window.num_tokens] += window.frame_scores
            count[start : start + window.num_tokens] += 1
        merged.frame_scores = total / count.clamp(min=1)
    if first.instances is not None:
        instances = InstanceData.cat(
            [
                InstanceData(
                    segments=window.instances.segments + start,
                    labels=window.instances.labels,
                    scores=window.instances.scores,
                )
                for window, start in pairs
            ]
        )
        if merge_nms is not None and len(starts) > 1:
            keep = nms(instances.segments, instances.scores, merge_nms, instances.labels)
        else:
            keep = torch.argsort(instances.scores, descending=True, stable=True)
        merged.instances = instances[keep[:max_per_video]]
    return merged
