"""Masked multi-head self-attention over a local temporal window (ActionFormer style)."""

import torch
import torch.nn.functional as F
from mmengine.model import BaseModule
from torch import nn

from dad_plugins.registry import MODELS
from dad_plugins.utils.typing import OptMultiConfig

from ..utils import check_heads
from .attention_heads import merge_heads, split_heads
from .blockwise_attention import blockwise_attention
from .masked_conv1d import MaskedConv1d
from .masked_temporal_ops import zero_padding
from .norms import channel_layer_norm


@MODELS.register_module()
class LocalMultiheadAttention(BaseModule):
    """Temporal self-attention of ASL Sec. 3.1, Eq. (1), optionally restricted to a local window.

    For head ``h`` and query ``i``, ``o_i = sum_j softmax_j(q_i . k_j / sqrt(D_h)) v_j`` over the
    keys ``j`` with ``|j - i| <= window_size // 2`` (all keys when ``window_size`` is None), padded
    keys excluded. ASL builds on ActionFormer's encoder, whose local windows (19 tokens on THUMOS)
    keep long videos tractable: the windowed path gathers ``W`` keys per query (memory
    ``O(T W D)``), never the ``(T, T)`` logits, and gives exactly the result of a banded mask.
    Global attention runs through :func:`blockwise_attention`, one block of
    ``query_block_size`` queries at a time, so it never builds the ``(T, T)`` logits either.

    With ``conv_qkv=True`` (ActionFormer's "MHCA") queries, keys and values are first filtered by a
    depthwise ``Conv(3)`` and a LayerNorm, which gives the attention a sense of temporal order
    without position encodings.

    Args:
        embed_dims (int): Channels ``C``.
        num_heads (int): Heads ``H``; must divide ``embed_dims``. Defaults to 4 (ActionFormer).
        window_size (int, optional): Odd window ``W`` in tokens; None attends to the whole video.
            Defaults to None.
        conv_qkv (bool): Depthwise convolution and LayerNorm before the q/k/v projections.
            Defaults to True.
        attn_drop (float): Dropout on the attention weights. Defaults to 0.
        proj_drop (float): Dropout after the output projection. Defaults to 0.
        query_block_size (int): Queries per block of the global attention. Defaults to 256.
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
        conv_qkv: bool = True,
        attn_drop: float = 0.0,
        proj_drop: float = 0.0,
        query_block_size: int = 256,
        init_cfg: OptMultiConfig = None,
    ) -> None:
        super().__init__(init_cfg=init_cfg)
        check_heads(embed_dims, num_heads)
        if window_size is not None and (window_size < 1 or window_size % 2 != 1):
            raise ValueError(
                f'window_size must be a positive odd number or None, got {window_size}'
            )
        self.num_heads = num_heads
        self.head_dims = embed_dims // num_heads
        self.scale = self.head_dims**-0.5
        self.window_size = window_size
        self.query_block_size = query_block_size
        names = ('query', 'key', 'value')
        self.qkv_convs = (
            nn.ModuleList(
                MaskedConv1d(embed_dims, embed_dims, 3, groups=embed_dims, bias=False)
                for _ in names
            )
            if conv_qkv
            else None
        )
        self.qkv_norms = (
            nn.ModuleList(nn.LayerNorm(embed_dims) for _ in names) if conv_qkv else None
        )
        self.qkv = nn.ModuleList(nn.Linear(embed_dims, embed_dims) for _ in names)
        self.proj = nn.Linear(embed_dims, embed_dims)
        self.attn_drop = nn.Dropout(attn_drop)
        self.proj_drop = nn.Dropout(proj_drop)

    def _heads(self, x: torch.Tensor, masks: torch.Tensor) -> list[torch.Tensor]:
        """Queries, keys and values ``(B, H, T, D_h)`` of ``(B, C, T)`` features."""
        out = []
        for index, linear in enumerate(self.qkv):
            source = x
            if self.qkv_convs is not None:
                source, _ = self.qkv_convs[index](x, masks)
                source = channel_layer_norm(self.qkv_norms[index], source)
            out.append(split_heads(linear(source.transpose(1, 2)), self.num_heads))
        return out

    def forward(self, x: torch.Tensor, masks: torch.Tensor | None = None) -> torch.Tensor:
        """Attend over ``(B, C, T)`` features; see the class docstring for shapes."""
        batch, _, length = x.shape
        if masks is None:
            masks = x.new_ones(batch, length, dtype=torch.bool)
        x = zero_padding(x, masks)
        query, key, value = self._heads(x, masks)
        query = query * self.scale
        fill = torch.finfo(query.dtype).min  # finite: rows without valid keys stay NaN-free
        half = None if self.window_size is None else self.window_size // 2
        if half is None or half >= length - 1:  # every key is within reach
            out = blockwise_attention(
                query,
                key,
                value,
                key_masks=masks,
                attn_drop=self.attn_drop,
                block_size=self.query_block_size,
            )  # (B, H, T, D_h)
        else:

            def windows(tensor: torch.Tensor) -> torch.Tensor:
                # (B, H, T, D_h) -> (B, H, T, D_h, W): the keys of each query's window
                return F.pad(tensor, (0, 0, half, half)).unfold(2, 2 * half + 1, 1)

            key_valid = F.pad(masks, (half, half), value=False).unfold(1, 2 * half + 1, 1)
            logits = torch.einsum('bhtd,bhtdw->bhtw', query, windows(key))  # (B, H, T, W)
            logits = logits.masked_fill(~key_valid[:, None], fill)
            attn = self.attn_drop(logits.softmax(dim=-1))
            out = torch.einsum('bhtw,bhtdw->bhtd', attn, windows(value))  # (B, H, T, D_h)
        out = self.proj_drop(self.proj(merge_heads(out)))  # (B, T, C)
        return zero_padding(out.transpose(1, 2), masks)
