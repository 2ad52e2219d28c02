"""Splitting tokens into attention heads and concatenating the heads' outputs again."""

import torch


def split_heads(tokens: torch.Tensor, num_heads: int) -> torch.Tensor:
    """Per-head views of projected tokens.

    Args:
        tokens (Tensor): ``(B, L, C)`` queries, keys or values, ``C`` divisible by ``num_heads``.
        num_heads (int): Heads ``H``.

    Returns:
        Tensor: ``(B, H, L, C / H)``, head ``h`` holding channels ``h C / H`` to
        ``(h + 1) C / H - 1``.
    """
    batch, length, channels = tokens.shape
    return tokens.view(batch, length, num_heads, channels // num_heads).transpose(1, 2)


def merge_heads(x: torch.Tensor) -> torch.Tensor:
    """The heads' outputs ``(B, H, L, D_h)`` concatenated along channels: ``(B, L, H D_h)``,
    the inverse of :func:`split_heads`."""
    batch, heads, length, head_dims = x.shape
    return x.transpose(1, 2).reshape(batch, length, heads * head_dims)
