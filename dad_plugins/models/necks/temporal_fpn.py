"""Temporal feature pyramid network over the levels of a downsampling encoder."""

from collections.abc import Sequence

import torch
from mmengine.model import BaseModule
from torch import nn

from dad_plugins.registry import MODELS
from dad_plugins.utils.typing import OptMultiConfig

from ..layers import MaskedConv1d, masked_linear_upsample, zero_padding
from ..layers.feature_levels import FeatureLevels
from ..layers.norms import channel_layer_norm


@MODELS.register_module()
class TemporalFPN(BaseModule):
    """Feature pyramid (Lin et al. 2017) for 1-D feature levels, as used by ActionFormer and ASL.

    With ``top_down=True``: a 1 x 1 lateral convolution per level, a top-down pathway that adds
    each coarser level, upsampled to the finer one, to its lateral, and a depthwise ``Conv(3)``
    followed by a LayerNorm per output. Levels are ``scale_factor`` apart: level ``l + 1`` token
    ``t'`` sits at level ``l`` token ``scale_factor * t'`` (the convention of
    :func:`downsample_mask`), and upsampling is the mask-aware linear interpolation
    :func:`masked_linear_upsample` (ActionFormer uses nearest neighbours on lengths divisible by
    the strides; this works for any length). With ``top_down=False`` it is ActionFormer's and
    ASL's released "identity" neck: a LayerNorm per level (``in_channels`` must equal
    ``out_channels``).

    Args:
        in_channels (int | Sequence[int]): Channels of every level, or one value for all.
        out_channels (int): Output channels ``C``.
        num_levels (int): Number of levels ``L``. Defaults to 6.
        top_down (bool): Build laterals and the top-down pathway. Defaults to True.
        with_ln (bool): LayerNorm on every output. Defaults to True.
        scale_factor (int): Stride ratio between consecutive levels. Defaults to 2.
        init_cfg (dict | list[dict], optional): Initialisation config.

    Shapes:
        - feats: ``L`` tensors ``(B, C_l, T_l)``; masks: ``L`` masks ``(B, T_l)`` (or None).
        - output: ``(feats, masks)`` with ``(B, C, T_l)`` features (zeros on padding) and the
          input masks.
    """

    def __init__(
        self,
        in_channels: int | Sequence[int],
        out_channels: int,
        num_levels: int = 6,
        top_down: bool = True,
        with_ln: bool = True,
        scale_factor: int = 2,
        init_cfg: OptMultiConfig = None,
    ) -> None:
        super().__init__(init_cfg=init_cfg)
        channels = [in_channels] * num_levels if isinstance(in_channels, int) else list(in_channels)
        if len(channels) != num_levels:
            raise ValueError(f'in_channels has {len(channels)} entries for {num_levels} levels')
        if not top_down and any(c != out_channels for c in channels):
            raise ValueError('top_down=False keeps the channels: in_channels must be out_channels')
        self.num_levels = num_levels
        self.scale_factor = scale_factor
        self.laterals = (
            nn.ModuleList(MaskedConv1d(c, out_channels, 1, bias=False) for c in channels)
            if top_down
            else None
        )
        self.out_convs = (
            nn.ModuleList(
                MaskedConv1d(out_channels, out_channels, 3, groups=out_channels, bias=False)
                for _ in channels
            )
            if top_down
            else None
        )
        self.norms = (
            nn.ModuleList(nn.LayerNorm(out_channels) for _ in channels) if with_ln else None
        )

    def forward(
        self, feats: Sequence[torch.Tensor], masks: Sequence[torch.Tensor | None]
    ) -> FeatureLevels:
        """Pyramid outputs; see the class docstring for shapes."""
        if len(feats) != self.num_levels or len(masks) != self.num_levels:
            raise ValueError(f'expected {self.num_levels} levels, got {len(feats)}')
        outs = list(feats)
        if self.laterals is not None:
            outs = [lateral(x, m)[0] for lateral, x, m in zip(self.laterals, feats, masks)]
            for level in range(self.num_levels - 2, -1, -1):
                outs[level] = outs[level] + masked_linear_upsample(
                    outs[level + 1], masks[level + 1], self.scale_factor, outs[level].shape[-1]
                )
            outs = [conv(x, m)[0] for conv, x, m in zip(self.out_convs, outs, masks)]
        if self.norms is not None:
            outs = [
                zero_padding(channel_layer_norm(norm, x), m)
                for norm, x, m in zip(self.norms, outs, masks)
            ]
        return FeatureLevels(tuple(outs), tuple(masks))
