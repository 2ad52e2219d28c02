"""Normalisation over the channels of ``(B, C, T)`` features."""

import torch
from torch import nn


def channel_layer_norm(norm: nn.LayerNorm, x: torch.Tensor) -> torch.Tensor:
    """Apply a LayerNorm over the channels of ``(B, C, T)`` features.

    Each token is normalised over its own ``C`` channels, so padded tokens never mix into real
    ones.

    Args:
        norm (nn.LayerNorm): A LayerNorm over ``C`` channels.
        x (torch.Tensor): ``(B, C, T)`` features.

    Returns:
        torch.Tensor: ``(B, C, T)`` normalised features.
    """
    return norm(x.transpose(1, 2)).transpose(1, 2)
