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


def _merge_instances(
    windows: list[InstanceData],
    starts: list[int],
    nms_threshold: float | None,
    max_per_video: int | None,
) -> InstanceData:
    """Detections of the windows moved to tokens of the video, concatenated, de-duplicated by
    class-wise NMS (unless ``nms_threshold`` is None) and cut to the ``max_per_video`` best, by
    descending score."""
    instances = InstanceData.cat(
        [
            InstanceData(
                segments=window.segments + start, labels=window.labels, scores=window.scores
            )
            for window, start in zip(windows, starts)
        ]
    )
    if nms_threshold is not None:
        keep = nms(instances.segments, instances.scores, nms_threshold, instances.labels)
    else:
        keep = torch.argsort(instances.scores, descending=True, stable=True)
    return instances[keep[:max_per_video]]


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
    score. Windows without valid tokens (``num_tokens == 0``) are skipped. The detections of
    every decoder layer (``layer_instances``), when given, are merged layer by layer the same way.

    Args:
        windows (list[TokenPrediction]): The video's window predictions, in window order.
        starts (list[int]): First token of each window.
        num_tokens (int): Valid tokens ``T`` of the video.
        merge_nms (float, optional): tIoU threshold of the merging NMS (applied with more than
            one window). Defaults to None: none.
        max_per_video (int, optional): Detections kept. Defaults to None: all.
    """
    pairs = [(w, start) for w, start in zip(windows, starts) if w.num_tokens > 0]
    starts_kept = [start for _, start in pairs]
    nms_threshold = merge_nms if len(starts) > 1 else None
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
        merged.instances = _merge_instances(
            [window.instances for window, _ in pairs], starts_kept, nms_threshold, max_per_video
        )
    if first.layer_instances is not None:
        merged.layer_instances = [
            _merge_instances(list(layer), starts_kept, nms_threshold, max_per_video)
            for layer in zip(*(window.layer_instances for window, _ in pairs))
        ]
    return merged
