"""ASL's transformer block: temporal and channel attention in parallel, then a feed-forward."""

import torch
from mmengine.model import BaseModule
from torch import nn

from dad_plugins.registry import MODELS
from dad_plugins.utils.typing import OptMultiConfig

from .channel_attention import ChannelAttention
from .local_attention import LocalMultiheadAttention
from .masked_temporal_ops import zero_padding
from .norms import channel_layer_norm


@MODELS.register_module()
class TemporalChannelBlock(BaseModule):
    """Pre-norm transformer block of ASL's encoder (Sec. 3.1)::

        y  = LN(x)
        x  = x + (1 - theta) TA(y) + theta CA(y)     # Eq. (1), (2) and their fusion
        x  = x + FFN(LN(x))                          # Linear(C, r C), GELU, Drp, Linear, Drp

    ``TA`` is :class:`LocalMultiheadAttention` (local window optional), ``CA`` is
    :class:`ChannelAttention`. ``theta = 0`` gives an ActionFormer block (no channel branch is
    built). The released ASL code blends the two after its feed-forward and only in full-resolution
    blocks; here the fusion follows the paper's text.

    Args:
        embed_dims (int): Channels ``C``.
        num_heads (int): Heads of the temporal attention. Defaults to 4.
        window_size (int, optional): Local window of the temporal attention; None = global.
            Defaults to None.
        theta (float): Weight of the channel attention. Defaults to 0.2 (ASL Sec. 4.2).
        channel_heads (int): Channel groups of the channel attention. Defaults to 1 (Eq. (2)).
        mlp_ratio (float): Hidden channels of the feed-forward over ``C``. Defaults to 4.
        dropout (float): Dropout of the projections and the feed-forward. Defaults to 0.
        attn_drop (float): Dropout on the attention weights. Defaults to 0.
        conv_qkv (bool): See :class:`LocalMultiheadAttention`. Defaults to True.
        init_cfg (dict | list[dict], optional): Initialisation config.

    Shapes:
        - x: ``(B, C, T)``; masks: ``(B, T)`` bool, True on valid tokens.
        - output: ``(B, C, T)``, zeros on padded tokens.
    """

    def __init__(
        self,
        embed_dims: int,
        num_heads: int = 4,
        window_size: int | None = None,
        theta: float = 0.2,
        channel_heads: int = 1,
        mlp_ratio: float = 4.0,
        dropout: float = 0.0,
        attn_drop: float = 0.0,
        conv_qkv: bool = True,
        init_cfg: OptMultiConfig = None,
    ) -> None:
        super().__init__(init_cfg=init_cfg)
        if not 0.0 <= theta <= 1.0:
            raise ValueError(f'theta must be in [0, 1], got {theta}')
        self.theta = theta
        self.attn_norm = nn.LayerNorm(embed_dims)
        self.temporal = LocalMultiheadAttention(
            embed_dims,
            num_heads=num_heads,
            window_size=window_size,
            conv_qkv=conv_qkv,
            attn_drop=attn_drop,
            proj_drop=dropout,
        )
        self.channel = (
            ChannelAttention(embed_dims, channel_heads, attn_drop=attn_drop, proj_drop=dropout)
            if theta > 0
            else None
        )
        hidden = int(embed_dims * mlp_ratio)
        self.ffn_norm = nn.LayerNorm(embed_dims)
        self.ffn = nn.Sequential(
            nn.Conv1d(embed_dims, hidden, 1),
            nn.GELU(),
            nn.Dropout(dropout),
            nn.Conv1d(hidden, embed_dims, 1),
            nn.Dropout(dropout),
        )

    def forward(self, x: torch.Tensor, masks: torch.Tensor | None = None) -> torch.Tensor:
        """Transform ``(B, C, T)`` features; see the class docstring for shapes."""
        x = zero_padding(x, masks)
        y = channel_layer_norm(self.attn_norm, x)
        attended = self.temporal(y, masks)
        if self.channel is not None:
            attended = (1.0 - self.theta) * attended + self.theta * self.channel(y, masks)
        x = x + attended
        return x + zero_padding(self.ffn(channel_layer_norm(self.ffn_norm, x)), masks)
