"""Post-norm transformer layer with 1D deformable attention (encoder and decoder layers)."""

from collections.abc import Sequence

import torch
from mmengine.model import BaseModule
from torch import nn

from dad_plugins.registry import MODELS
from dad_plugins.utils.typing import OptMultiConfig

from .deformable_attention_1d import DeformableAttention1D


@MODELS.register_module()
class DeformableTransformerLayer(BaseModule):
    """``[self-attention] -> deformable attention -> FFN``, each with residual and LayerNorm.

    The Deformable DETR / TadTR layer (post-norm, ReLU FFN). As an encoder layer
    (``self_attn=False``) the deformable attention is the self-attention of the tokens
    (reference = each token's own centre). As a decoder layer (``self_attn=True``) queries first
    attend to each other with ``nn.MultiheadAttention`` (queries and keys carry the positional
    embedding, values do not), then to the encoder map around their reference points
    (DualDETR Sec. 3.5, Eq. (2), (4)). The three steps are separate methods so that a decoder
    branch can run the cross-attention of several query groups on different maps.

    Args:
        embed_dims (int): Channels ``D``.
        num_heads (int): Heads of both attentions. Defaults to 8.
        num_levels (int): Feature levels of the deformable attention. Defaults to 1.
        num_points (int): Sampling points per head and level. Defaults to 4.
        ffn_dims (int): Hidden channels of the FFN. Defaults to 1024.
        dropout (float): Dropout on every residual branch and inside the FFN. Defaults to 0.1.
        self_attn (bool): Add the query self-attention (decoder layer). Defaults to True.
        init_cfg (dict | list[dict], optional): Initialisation config.

    Shapes:
        - query / query_pos: ``(B, Q, D)``; reference: ``(B, Q, 1)`` or ``(B, Q, 2)``.
        - values: ``L`` maps ``(B, D, T_l)``; masks: ``L`` masks ``(B, T_l)``.
    """

    def __init__(
        self,
        embed_dims: int,
        num_heads: int = 8,
        num_levels: int = 1,
        num_points: int = 4,
        ffn_dims: int = 1024,
        dropout: float = 0.1,
        self_attn: bool = True,
        init_cfg: OptMultiConfig = None,
    ) -> None:
        super().__init__(init_cfg=init_cfg)
        self.self_attn = (
            nn.MultiheadAttention(embed_dims, num_heads, dropout=dropout, batch_first=True)
            if self_attn
            else None
        )
        self.self_norm = nn.LayerNorm(embed_dims) if self_attn else None
        self.cross_attn = DeformableAttention1D(embed_dims, num_heads, num_levels, num_points)
        self.cross_norm = nn.LayerNorm(embed_dims)
        self.ffn = nn.Sequential(
            nn.Linear(embed_dims, ffn_dims),
            nn.ReLU(inplace=True),
            nn.Dropout(dropout),
            nn.Linear(ffn_dims, embed_dims),
        )
        self.ffn_norm = nn.LayerNorm(embed_dims)
        self.dropout = nn.Dropout(dropout)

    def self_attention(
        self,
        query: torch.Tensor,
        query_pos: torch.Tensor | None = None,
        key_padding_mask: torch.Tensor | None = None,
    ) -> torch.Tensor:
        """Self-attention of ``(B, Q, D)`` queries; ``key_padding_mask`` ``(B, Q)`` is True on
        queries to ignore."""
        if self.self_attn is None:
            raise RuntimeError('this layer was built with self_attn=False')
        qk = query if query_pos is None else query + query_pos
        out = self.self_attn(qk, qk, query, key_padding_mask=key_padding_mask, need_weights=False)
        return self.self_norm(query + self.dropout(out[0]))

    def cross_attention(
        self,
        query: torch.Tensor,
        query_pos: torch.Tensor | None,
        reference: torch.Tensor,
        values: Sequence[torch.Tensor],
        masks: Sequence[torch.Tensor],
    ) -> torch.Tensor:
        """Deformable attention of ``(B, Q, D)`` queries to the value maps."""
        q = query if query_pos is None else query + query_pos
        out = self.cross_attn(q, reference, values, masks)
        return self.cross_norm(query + self.dropout(out))

    def feed_forward(self, query: torch.Tensor) -> torch.Tensor:
        """FFN with residual and LayerNorm on ``(B, Q, D)``."""
        return self.ffn_norm(query + self.dropout(self.ffn(query)))
