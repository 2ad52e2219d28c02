"""Pre-norm residual cross-attention from one token sequence to another."""

import torch
import torch.nn.functional as F
from mmengine.model import BaseModule
from torch import nn

from dad_plugins.registry import MODELS
from dad_plugins.utils.typing import OptMultiConfig

from .attention_heads import merge_heads, split_heads
from .blockwise_attention import blockwise_attention
from .masked_temporal_ops import zero_padding
from .norms import channel_layer_norm


@MODELS.register_module()
class CrossAttentionBlock(BaseModule):
    """``x = x + CrossAttn(LN(x), LN(context))``: queries from ``x``, keys and values from context.

    RefDense Eq. (6)-(7): the Action-Motion features at any temporal scale attend to the
    Action-Entity features at full resolution, so ``x`` and ``context`` may have different
    lengths. Padded context tokens are never attended to; padded query tokens stay zero.

    The parameters are those of an ``nn.MultiheadAttention`` (``attn``); the attention itself
    runs through :func:`blockwise_attention`, one block of ``query_block_size`` queries at a
    time, so that no ``(T_q, T_k)`` tensor is built for long videos.

    Args:
        embed_dims (int): Channels ``C`` of ``x``.
        context_channels (int): Channels ``C_ctx`` of the context.
        num_heads (int): Attention heads. Defaults to 8.
        attn_drop (float): Dropout on the attention weights. Defaults to 0.
        query_block_size (int): Queries per attention block. Defaults to 256.
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
        query_block_size: int = 256,
        init_cfg: OptMultiConfig = None,
    ) -> None:
        super().__init__(init_cfg=init_cfg)
        self.num_heads = num_heads
        self.query_block_size = query_block_size
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
        attended = self.attend(query, memory, context_masks)  # (B, T_q, C)
        return zero_padding(x + attended.transpose(1, 2), masks)

    def attend(
        self, query: torch.Tensor, memory: torch.Tensor, memory_masks: torch.Tensor | None
    ) -> torch.Tensor:
        """``attn(query, memory, memory)`` of ``(B, T_q, C)`` queries and ``(B, T_k, C_ctx)``
        memory, as ``nn.MultiheadAttention`` computes it: ``(B, T_q, C)``."""
        attn = self.attn
        if attn.in_proj_weight is not None:  # one packed projection when C_ctx == C
            weights = attn.in_proj_weight.chunk(3)
        else:
            weights = (attn.q_proj_weight, attn.k_proj_weight, attn.v_proj_weight)
        biases = (None,) * 3 if attn.in_proj_bias is None else attn.in_proj_bias.chunk(3)
        head_dims = query.shape[-1] // self.num_heads

        def heads(tokens: torch.Tensor, index: int) -> torch.Tensor:
            projected = F.linear(tokens, weights[index], biases[index])  # (B, L, C)
            return split_heads(projected, self.num_heads)  # (B, H, L, D_h)

        out = blockwise_attention(
            heads(query, 0) * head_dims**-0.5,
            heads(memory, 1),
            heads(memory, 2),
            key_masks=memory_masks,
            attn_drop=lambda w: F.dropout(w, attn.dropout, self.training),
            block_size=self.query_block_size,
        )  # (B, H, T_q, D_h)
        return attn.out_proj(merge_heads(out))
