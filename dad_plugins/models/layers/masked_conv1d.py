"""Temporal convolution that ignores padded tokens."""

import torch
from mmengine.model import BaseModule
from torch import nn

from dad_plugins.registry import MODELS
from dad_plugins.utils.typing import OptMultiConfig

from .masked_temporal_ops import downsample_mask, zero_padding


@MODELS.register_module()
class MaskedConv1d(BaseModule):
    """``nn.Conv1d`` with ``'same'`` padding that zeroes padded tokens before and after.

    Zeroing the input makes padded positions look like the convolution's own zero padding, so
    a valid output depends only on valid inputs and equals the output for the unpadded video.
    Output token ``t'`` is centred on input token ``t' * stride`` (see
    :func:`downsample_mask`); there are ``ceil(T / stride)`` of them.

    Args:
        in_channels (int): Input channels ``C_in``.
        out_channels (int): Output channels ``C_out``.
        kernel_size (int): Odd temporal kernel size. Defaults to 3.
        stride (int): Temporal stride. Defaults to 1.
        groups (int): Convolution groups (``C_in`` for depthwise). Defaults to 1.
        bias (bool): Learn a bias. Defaults to True.
        init_cfg (dict | list[dict], optional): Initialisation config.
    """

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        kernel_size: int = 3,
        stride: int = 1,
        groups: int = 1,
        bias: bool = True,
        init_cfg: OptMultiConfig = None,
    ) -> None:
        super().__init__(init_cfg=init_cfg)
        if kernel_size % 2 != 1:
            raise ValueError(f'kernel_size must be odd, got {kernel_size}')
        if stride < 1:
            raise ValueError(f'stride must be positive, got {stride}')
        self.stride = stride
        self.conv = nn.Conv1d(
            in_channels,
            out_channels,
            kernel_size,
            stride=stride,
            padding=kernel_size // 2,
            groups=groups,
            bias=bias,
        )

    def forward(
        self, x: torch.Tensor, masks: torch.Tensor | None = None
    ) -> tuple[torch.Tensor, torch.Tensor | None]:
        """Convolve ``(B, C_in, T)`` features.

        Args:
            x (Tensor): ``(B, C_in, T)``.
            masks (Tensor, optional): ``(B, T)`` bool, True on valid tokens.

        Returns:
            tuple: Features ``(B, C_out, ceil(T / stride))`` with zeros on padded tokens, and
            their masks ``(B, ceil(T / stride))`` (None when ``masks`` is None).
        """
        out_masks = downsample_mask(masks, self.stride)
        out = self.conv(zero_padding(x, masks))
        return zero_padding(out, out_masks), out_masks
