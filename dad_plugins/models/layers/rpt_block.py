"""Relative positional transformer (RPT) block of PAT."""

import torch
from mmengine.model import BaseModule
from torch import nn

from dad_plugins.registry import MODELS
from dad_plugins.utils.typing import OptMultiConfig

from ..utils import check_choice
from .local_relational_block import LocalRelationalBlock
from .masked_temporal_ops import zero_padding
from .norms import channel_layer_norm
from .relative_attention import RelativeMultiheadAttention

POS_ENCODINGS = ('relative', 'absolute', 'none')


@MODELS.register_module()
class RPTBlock(BaseModule):
    """RPT block: pre-norm relative MHSA and local relational component, each with a residual.

    PAT Sec. 3.2.3, Fig. 3, Eq. (1)-(5) and Table 1::

        x = x + MHSA(LN(x))    # Nrm, Linear q/k/v (512), relative logits, Linear(512)
        x = x + LR(LN(x))      # Nrm, Linear, depthwise Conv(3, 1), GELU, Drp, Linear, Drp

    LayerNorm normalises each token over its channels (so padding never mixes in), before each
    sub-layer as in the released PAT / MS-TCT code.

    Args:
        embed_dims (int): Channels ``C``. Defaults to 512.
        num_heads (int): Attention heads ``H``. Defaults to 8.
        mlp_ratio (float): Hidden channels of the LR component over ``C``. Defaults to 8, the
            released PAT setting (Table 1 only lists 512-wide layers; the 8.5 GFLOPs of
            Table 9 match a ratio of 8).
        dropout (float): The two dropouts of the LR component. Defaults to 0 (the released code
            sets none inside the blocks).
        attn_drop (float): Dropout on the attention weights. Defaults to 0.
        max_relative_distance (int): Clipping distance ``K`` of the relative positions.
            Defaults to 255 (every distance of a 256-token window).
        pos_encoding (str): ``'relative'`` (RPT), ``'absolute'`` or ``'none'`` (plain MHSA in the
            block; for ``'absolute'`` the owner of the block stack adds sinusoidal encodings to
            its input, see :class:`RPTStage`). PAT Table 7. Defaults to ``'relative'``.
        relative_values (bool): Add Shaw's relative value term (only with ``'relative'``).
            Defaults to False, as in PAT Eq. (2) and its released code.
        init_cfg (dict | list[dict], optional): Initialisation config.

    Shapes:
        - x: ``(B, C, T)``; masks: ``(B, T)`` bool, True on valid tokens.
        - sequence_ids: ``(B, T)`` int64, optional: the video of every token of a packed row
          (-1 on padding); tokens attend only within their video.
        - output: ``(B, C, T)``, zeros on padded tokens.
    """

    def __init__(
        self,
        embed_dims: int = 512,
        num_heads: int = 8,
        mlp_ratio: float = 8.0,
        dropout: float = 0.0,
        attn_drop: float = 0.0,
        max_relative_distance: int = 255,
        pos_encoding: str = 'relative',
        relative_values: bool = False,
        init_cfg: OptMultiConfig = None,
    ) -> None:
        super().__init__(init_cfg=init_cfg)
        check_choice('pos_encoding', pos_encoding, POS_ENCODINGS)
        if relative_values and pos_encoding != 'relative':
            raise ValueError("relative_values needs pos_encoding='relative'")
        self.attn_norm = nn.LayerNorm(embed_dims)
        self.attn = RelativeMultiheadAttention(
            embed_dims,
            num_heads=num_heads,
            max_relative_distance=max_relative_distance,
            relative_keys=pos_encoding == 'relative',
            relative_values=relative_values,
            attn_drop=attn_drop,
        )
        self.local_norm = nn.LayerNorm(embed_dims)
        self.local = LocalRelationalBlock(embed_dims, int(embed_dims * mlp_ratio), dropout=dropout)

    def forward(
        self,
        x: torch.Tensor,
        masks: torch.Tensor | None = None,
        sequence_ids: torch.Tensor | None = None,
    ) -> torch.Tensor:
        """Transform ``(B, C, T)`` features; see the class docstring for shapes."""
        x = zero_padding(x, masks)
        x = x + self.attn(channel_layer_norm(self.attn_norm, x), masks, sequence_ids)
        x = x + self.local(channel_layer_norm(self.local_norm, x), masks)
        return x
