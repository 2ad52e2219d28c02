"""Sliding-window inference: split padded videos into windows and stitch window scores back."""

import torch


def sliding_window_starts(num_tokens: int, window_size: int, stride: int) -> list[int]:
    """First token of every window; the last window ends at ``num_tokens``.

    Args:
        num_tokens (int): ``T``.
        window_size (int): ``W``.
        stride (int): Step between window starts.

    Returns:
        list[int]: Starts; ``[0]`` when ``T <= W``.
    """
    if window_size < 1 or stride < 1:
        raise ValueError(f'window_size and stride must be positive, got {window_size}, {stride}')
    if num_tokens <= window_size:
        return [0]
    starts = list(range(0, num_tokens - window_size + 1, stride))
    if starts[-1] + window_size < num_tokens:
        starts.append(num_tokens - window_size)
    return starts


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


def stitch_windows(
    window_scores: torch.Tensor, window_masks: torch.Tensor, starts: list[int], num_tokens: int
) -> torch.Tensor:
    """Average window scores over the windows that cover each token.

    Args:
        window_scores (Tensor): ``(n * B, C, W)`` scores in the layout of :func:`split_windows`.
        window_masks (Tensor): ``(n * B, W)`` masks of the windows.
        starts (list[int]): Window starts.
        num_tokens (int): ``T`` of the padded batch.

    Returns:
        Tensor: ``(B, C, T)`` stitched scores (0 where no valid window token falls).
    """
    num_windows = len(starts)
    batch = window_scores.shape[0] // num_windows
    width = window_scores.shape[-1]
    total = window_scores.new_zeros(batch, window_scores.shape[1], num_tokens)
    count = window_scores.new_zeros(batch, 1, num_tokens)
    weights = window_masks.to(window_scores.dtype).unsqueeze(1)  # (n * B, 1, W)
    for k, start in enumerate(starts):
        rows = slice(k * batch, (k + 1) * batch)
        total[..., start : start + width] += window_scores[rows] * weights[rows]
        count[..., start : start + width] += weights[rows]
    return total / count.clamp(min=1)
