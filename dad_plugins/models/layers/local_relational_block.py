"""Local relational (LR) component of the RPT block."""

import math

import torch
from mmengine.model import BaseModule
from torch import nn

from dad_plugins.registry import MODELS
from dad_plugins.utils.typing import OptMultiConfig

from .masked_conv1d import MaskedConv1d
from .masked_temporal_ops import zero_padding


@MODELS.register_module()
class LocalRelationalBlock(BaseModule):
    """Linear, depthwise temporal Conv1d, GELU, Dropout, Linear, Dropout.

    PAT Table 1 ("RL": Linear(512), Conv(512, 3, 1), Drp, Linear(512), Drp), taken from the local
    relational block of MS-TCT (Dai et al., 2022): the convolution is depthwise over the hidden
    channels and followed by GELU, as in both released codebases. Padded tokens are zeroed before
    the convolution.

    Args:
        embed_dims (int): Input and output channels ``C``.
        hidden_dims (int): Hidden channels (``mlp_ratio * C``).
        kernel_size (int): Odd temporal kernel of the depthwise convolution. Defaults to 3.
        dropout (float): Dropout after the convolution and after the output linear layer.
            Defaults to 0.
        init_cfg (dict | list[dict], optional): Initialisation config. Defaults to truncated
            normal (std 0.02) linear layers and a He-normal (fan-out) depthwise convolution, as
            in the released PAT / MS-TCT code.

    Shapes:
        - x: ``(B, C, T)``; masks: ``(B, T)`` bool, True on valid tokens.
        - output: ``(B, C, T)``, zeros on padded tokens.
    """

    def __init__(
        self,
        embed_dims: int,
        hidden_dims: int,
        kernel_size: int = 3,
        dropout: float = 0.0,
        init_cfg: OptMultiConfig = None,
    ) -> None:
        if init_cfg is None:
            init_cfg = [
                dict(type='TruncNormal', layer='Linear', std=0.02, bias=0.0),
                # He-normal with fan-out k * C_h / groups = k: the depthwise init of the release.
                dict(type='Normal', layer='Conv1d', std=math.sqrt(2.0 / kernel_size), bias=0.0),
            ]
        super().__init__(init_cfg=init_cfg)
        self.linear_in = nn.Linear(embed_dims, hidden_dims)
        self.conv = MaskedConv1d(hidden_dims, hidden_dims, kernel_size, groups=hidden_dims)
        self.act = nn.GELU()
        self.linear_out = nn.Linear(hidden_dims, embed_dims)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x: torch.Tensor, masks: torch.Tensor | None = None) -> torch.Tensor:
        """Local relations of ``(B, C, T)`` features; see the class docstring for shapes."""
        hidden = self.linear_in(x.transpose(1, 2)).transpose(1, 2)  # (B, C_h, T)
        hidden, _ = self.conv(hidden, masks)  # (B, C_h, T)
        hidden = self.dropout(self.act(hidden))
        out = self.dropout(self.linear_out(hidden.transpose(1, 2))).transpose(1, 2)  # (B, C, T)
        return zero_padding(out, masks)
