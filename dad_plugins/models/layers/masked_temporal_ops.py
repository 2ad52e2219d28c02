"""Mask-aware temporal operations on ``(B, C, T)`` features with ``(B, T)`` bool masks.

Every function keeps the values of padded tokens (mask False) away from valid tokens, and gives
the same valid outputs whatever the padded length ``T`` of the batch.
"""

import math

import torch
import torch.nn.functional as F


def zero_padding(x: torch.Tensor, masks: torch.Tensor | None) -> torch.Tensor:
    """Set padded tokens of ``x`` ``(B, C, T)`` to zero (NaN and inf included)."""
    if masks is None:
        return x
    return x.masked_fill(~masks.unsqueeze(1), 0.0)


def downsample_mask(masks: torch.Tensor | None, stride: int) -> torch.Tensor | None:
    """Mask of the tokens of a stride-``stride`` convolution with an odd kernel, ``'same'`` padding.

    Output token ``t'`` is centred on input token ``t' * stride``; it is valid iff that token is
    valid. For prefix masks (valid tokens first) this equals max-pooling the mask over windows of
    ``stride`` tokens: a video of ``L`` valid tokens keeps ``ceil(L / stride)``. The
    ``sequence_ids`` of packed rows are strided the same way (each strided token belongs to the
    video of its centre).

    Args:
        masks (Tensor, optional): ``(B, T)`` bool (or ``sequence_ids``).
        stride (int): Temporal stride.

    Returns:
        Tensor | None: ``(B, ceil(T / stride))``, or None.
    """
    if masks is None:
        return None
    return masks[:, ::stride]


def masked_linear_upsample(
    x: torch.Tensor, masks: torch.Tensor | None, stride: int, length: int
) -> torch.Tensor:
    """Linearly upsample stride-``stride`` tokens back to ``length`` tokens (PAT Eq. (12)).

    Coarse token ``t'`` sits at fine position ``t' * stride`` (the centre of the strided
    convolution that made it), so fine token ``t`` reads the coarse sequence at ``t / stride``:
    ``F.interpolate(mode='linear', align_corners=True)`` onto ``(T' - 1) * stride + 1``
    positions, edge-replicated or cropped to ``length``. Interpolation weights are renormalised
    over valid coarse tokens, so a valid fine token next to the end of its video replicates the
    last valid coarse token (as it would without padding) and padded coarse tokens are never
    read. Fine tokens with no valid coarse neighbour get zeros.

    Args:
        x (Tensor): Coarse features ``(B, C, T')``.
        masks (Tensor, optional): Coarse masks ``(B, T')`` bool.
        stride (int): Stride of the coarse tokens on the fine axis.
        length (int): Number of fine tokens ``T``, with ``ceil(T / stride) == T'``.

    Returns:
        Tensor: ``(B, C, length)``.
    """
    coarse_len = x.shape[-1]
    size = (coarse_len - 1) * stride + 1

    def resample(values: torch.Tensor) -> torch.Tensor:
        values = F.interpolate(values, size=size, mode='linear', align_corners=True)
        if size < length:
            return F.pad(values, (0, length - size), mode='replicate')
        return values[..., :length]

    if masks is None:
        return resample(x)
    weight = masks.unsqueeze(1).to(x.dtype)  # (B, 1, T')
    numerator = resample(zero_padding(x, masks))  # (B, C, T)
    denominator = resample(weight)  # (B, 1, T)
    has_valid = denominator > 0
    return torch.where(has_valid, numerator / denominator.clamp_min(1e-12), 0.0)


def sinusoidal_position_encoding(
    length: int, dims: int, device: torch.device | None = None, dtype: torch.dtype = torch.float32
) -> torch.Tensor:
    """Absolute sinusoidal encodings of Vaswani et al. (2017), channels-first.

    ``PE[2i, t] = sin(t / 10000^(2i / dims))``, ``PE[2i + 1, t] = cos(t / 10000^(2i / dims))``.

    Args:
        length (int): Number of tokens ``T``.
        dims (int): Channels ``C``.
        device (torch.device, optional): Device of the result.
        dtype (torch.dtype): Dtype of the result. Defaults to float32.

    Returns:
        Tensor: ``(C, T)``.
    """
    positions = torch.arange(length, device=device, dtype=torch.float32)  # (T,)
    freqs = torch.exp(
        torch.arange(0, dims, 2, device=device, dtype=torch.float32) * (-math.log(10000.0) / dims)
    )  # (ceil(C / 2),)
    angles = freqs[:, None] * positions[None, :]  # (ceil(C / 2), T)
    encoding = torch.stack([angles.sin(), angles.cos()], dim=1).flatten(0, 1)  # (2 ceil(C/2), T)
    return encoding[:dims].to(dtype)
