"""Deformable transformer encoder over clip features (DualDETR / TadTR / Deformable DETR)."""

import torch
from mmengine.model import BaseModule
from torch import nn

from dad_plugins.registry import MODELS
from dad_plugins.utils.typing import OptMultiConfig

from ..layers import DeformableTransformerLayer, sinusoidal_position_encoding, zero_padding
from ..layers.deformable_attention_1d import token_centres
from ..layers.feature_levels import FeatureLevels, LevelInput, as_levels


@MODELS.register_module()
class DeformableEncoder(BaseModule):
    """Input projection, positional embedding and ``L_E`` deformable self-attention layers.

    DualDETR Sec. 3.2 and Fig. 2: "the pre-extracted video features, augmented with the
    positional embedding, pass through a transformer encoder" whose attention is the 1D
    deformable attention of Eq. (1). Each level is projected by a 1 x 1 convolution and a
    normalisation (Deformable DETR's ``input_proj``; a per-token LayerNorm instead of its
    GroupNorm, whose statistics over time would let padding change the real tokens); every
    token gets the sinusoidal embedding of its index and, with several levels, a learned level
    embedding. Token ``t`` of level ``l``
    attends around its own centre on every level (multi-scale when given a pyramid).

    Works on any ``(B, C, T)`` features, e.g. the raw clip features (DualDETR) or PAT's
    Fine-Det output, and on a pyramid of levels ``(B, C, T_l)``.

    Args:
        in_channels (int): Input channels ``C`` (every level).
        embed_dims (int): Model channels ``D``. Defaults to 256.
        num_layers (int): Encoder layers ``L_E``. Defaults to 2.
        num_heads (int): Attention heads ``M``. Defaults to 8.
        num_points (int): Sampling points ``K``. Defaults to 4.
        num_levels (int): Feature levels. Defaults to 1.
        ffn_dims (int): FFN hidden channels. Defaults to 1024.
        dropout (float): Dropout. Defaults to 0.1.
        pos_embed (bool): Add the sinusoidal positional embedding. Defaults to True.
        input_norm (bool): LayerNorm after the input projection. Defaults to True.
        init_cfg (dict | list[dict], optional): Initialisation config.

    Shapes:
        - x: ``(B, C, T)`` or levels ``(B, C, T_l)``; masks: ``(B, T)`` bool (or per level).
        - output: ``(B, D, T)`` or a tuple of levels ``(B, D, T_l)``, zeros on padding.
    """

    def __init__(
        self,
        in_channels: int,
        embed_dims: int = 256,
        num_layers: int = 2,
        num_heads: int = 8,
        num_points: int = 4,
        num_levels: int = 1,
        ffn_dims: int = 1024,
        dropout: float = 0.1,
        pos_embed: bool = True,
        input_norm: bool = True,
        init_cfg: OptMultiConfig = None,
    ) -> None:
        super().__init__(init_cfg=init_cfg)
        self.embed_dims = embed_dims
        self.num_levels = num_levels
        self.pos_embed = pos_embed
        self.input_proj = nn.ModuleList(
            nn.Conv1d(in_channels, embed_dims, 1) for _ in range(num_levels)
        )
        self.input_norm = nn.ModuleList(
            nn.LayerNorm(embed_dims) if input_norm else nn.Identity() for _ in range(num_levels)
        )
        self.level_embed = nn.Parameter(torch.zeros(num_levels, embed_dims))
        if num_levels > 1:
            nn.init.normal_(self.level_embed)
        self.layers = nn.ModuleList(
            DeformableTransformerLayer(
                embed_dims,
                num_heads,
                num_levels,
                num_points,
                ffn_dims,
                dropout,
                self_attn=False,
            )
            for _ in range(num_layers)
        )

    def forward(self, x: LevelInput, masks: torch.Tensor | None = None) -> tuple:
        """Encode; see the class docstring for shapes."""
        levels, level_masks = as_levels(x, masks)
        if len(levels) != self.num_levels:
            raise ValueError(f'expected {self.num_levels} levels, got {len(levels)}')
        lengths = [level.shape[-1] for level in levels]
        tokens, pos, centres = [], [], []
        for index, (level, mask) in enumerate(zip(levels, level_masks)):
            level = self.input_proj[index](zero_padding(level, mask))  # (B, D, T_l)
            tokens.append(self.input_norm[index](level.transpose(1, 2)))  # (B, T_l, D)
            embed = self.level_embed[index][None, None]  # (1, 1, D)
            if self.pos_embed:
                encoding = sinusoidal_position_encoding(
                    level.shape[-1], self.embed_dims, level.device, level.dtype
                )  # (D, T_l)
                embed = embed + encoding.t()[None]
            pos.append(embed.expand_as(tokens[-1]))
            centres.append(token_centres(mask))
        query = torch.cat(tokens, dim=1)  # (B, S, D)
        query_pos = torch.cat(pos, dim=1)  # (B, S, D)
        reference = torch.cat(centres, dim=1)[..., None].to(query.dtype)  # (B, S, 1)
        for layer in self.layers:
            values = [v.transpose(1, 2) for v in query.split(lengths, dim=1)]  # (B, D, T_l)
            query = layer.cross_attention(query, query_pos, reference, values, level_masks)
            query = layer.feed_forward(query)
        outputs = tuple(
            zero_padding(level.transpose(1, 2), mask)
            for level, mask in zip(query.split(lengths, dim=1), level_masks)
        )
        if isinstance(x, torch.Tensor):
            return outputs[0], level_masks[0]
        return FeatureLevels(outputs, level_masks)
