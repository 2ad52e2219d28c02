"""Channel self-attention: channels attend to channels, tokens are the feature axis."""

import torch
from mmengine.model import BaseModule
from torch import nn

from dad_plugins.registry import MODELS
from dad_plugins.utils.typing import OptMultiConfig

from ..utils import check_heads
from .masked_temporal_ops import zero_padding


@MODELS.register_module()
class ChannelAttention(BaseModule):
    """Channel attention of ASL Sec. 3.1, Eq. (2).

    Queries, keys and values are per-token linear projections of the features, read as
    ``(Q_d, K_d, V_d)`` of shape ``(D, T)``: ``f'_ca = softmax(Q_d K_d^T / sqrt(T)) V_d``, a
    ``(D, D)`` attention between channels applied to every token. Padded tokens are zeroed after
    the projections, so they add nothing to ``Q_d K_d^T``, and ``T`` in the scale is the number of
    valid tokens of each video: a video gets the same output however much it is padded. With
    ``num_heads > 1`` the channels are split into groups that attend within themselves (the
    released ASL code uses heads; Eq. (2) is ``num_heads=1``).

    Args:
        embed_dims (int): Channels ``D``.
        num_heads (int): Channel groups; must divide ``embed_dims``. Defaults to 1.
        attn_drop (float): Dropout on the attention weights. Defaults to 0.
        proj_drop (float): Dropout after the output projection. Defaults to 0.
        init_cfg (dict | list[dict], optional): Initialisation config.

    Shapes:
        - x: ``(B, D, T)``; masks: ``(B, T)`` bool, True on valid tokens.
        - output: ``(B, D, T)``, zeros on padded tokens.
    """

    def __init__(
        self,
        embed_dims: int,
        num_heads: int = 1,
        attn_drop: float = 0.0,
        proj_drop: float = 0.0,
        init_cfg: OptMultiConfig = None,
    ) -> None:
        super().__init__(init_cfg=init_cfg)
        check_heads(embed_dims, num_heads)
        self.num_heads = num_heads
        self.qkv = nn.Linear(embed_dims, 3 * embed_dims)
        self.proj = nn.Linear(embed_dims, embed_dims)
        self.attn_drop = nn.Dropout(attn_drop)
        self.proj_drop = nn.Dropout(proj_drop)

    def forward(self, x: torch.Tensor, masks: torch.Tensor | None = None) -> torch.Tensor:
        """Attend over the channels of ``(B, D, T)`` features; see the class docstring."""
        batch, channels, length = x.shape
        if masks is None:
            masks = x.new_ones(batch, length, dtype=torch.bool)
        tokens = zero_padding(x, masks).transpose(1, 2)  # (B, T, D)
        qkv = self.qkv(tokens) * masks[..., None]  # (B, T, 3D), padded tokens zeroed
        qkv = qkv.view(batch, length, 3, self.num_heads, channels // self.num_heads)
        query, key, value = qkv.permute(2, 0, 3, 4, 1)  # each (B, H, D_h, T)
        num_valid = masks.sum(dim=1).clamp(min=1).to(x.dtype)  # (B,)
        logits = query @ key.transpose(-2, -1) / num_valid.sqrt()[:, None, None, None]
        out = self.attn_drop(logits.softmax(dim=-1)) @ value  # (B, H, D_h, T)
        out = self.proj_drop(self.proj(out.reshape(batch, channels, length).transpose(1, 2)))
        return zero_padding(out.transpose(1, 2), masks)  # (B, D, T)
