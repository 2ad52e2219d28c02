"""Pre-norm residual cross-attention from one token sequence to another."""

import torch
from mmengine.model import BaseModule
from torch import nn

from dad_plugins.registry import MODELS
from dad_plugins.utils.typing import OptMultiConfig

from .masked_temporal_ops import zero_padding
from .norms import channel_layer_norm


@MODELS.register_module()
class CrossAttentionBlock(BaseModule):
    """``x = x + CrossAttn(LN(x), LN(context))``: queries from ``x``, keys and values from context.

    RefDense Eq. (6)-(7): the Action-Motion features at any temporal scale attend to the
    Action-Entity features at full resolution, so ``x`` and ``context`` may have different
    lengths. Padded context tokens are never attended to; padded query tokens stay zero.

    Args:
        embed_dims (int): Channels ``C`` of ``x``.
        context_channels (int): Channels ``C_ctx`` of the context.
        num_heads (int): Attention heads. Defaults to 8.
        attn_drop (float): Dropout on the attention weights. Defaults to 0.
        init_cfg (dict | list[dict], optional): Initialisation config.

    Shapes:
        - x: ``(B, C, T_q)``; masks: ``(B, T_q)`` bool, True on valid tokens.
        - context: ``(B, C_ctx, T_k)``; context_masks: ``(B, T_k)`` bool.
        - output: ``(B, C, T_q)``, zeros on padded query tokens.
    """

    def __init__(
        self,
        embed_dims: int,
        context_channels: int,
        num_heads: int = 8,
        attn_drop: float = 0.0,
        init_cfg: OptMultiConfig = None,
    ) -> None:
        super().__init__(init_cfg=init_cfg)
        self.query_norm = nn.LayerNorm(embed_dims)
        self.context_norm = nn.LayerNorm(context_channels)
        self.attn = nn.MultiheadAttention(
            embed_dims,
            num_heads,
            dropout=attn_drop,
            kdim=context_channels,
            vdim=context_channels,
            batch_first=True,
        )

    def forward(
        self,
        x: torch.Tensor,
        context: torch.Tensor,
        masks: torch.Tensor | None = None,
        context_masks: torch.Tensor | None = None,
    ) -> torch.Tensor:
        """Attend from ``x`` to ``context``; see the class docstring for shapes."""
        if x.shape[0] != context.shape[0]:
            raise ValueError(
                f'x and context must share the batch size, got {x.shape[0]} and {context.shape[0]}'
            )
        query = channel_layer_norm(self.query_norm, x).transpose(1, 2)  # (B, T_q, C)
        memory = channel_layer_norm(self.context_norm, context).transpose(1, 2)  # (B, T_k, C_ctx)
        padding = ~context_masks if context_masks is not None else None
        attended, _ = self.attn(query, memory, memory, key_padding_mask=padding, need_weights=False)
        return zero_padding(x + attended.transpose(1, 2), masks)
