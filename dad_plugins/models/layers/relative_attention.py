"""Multi-head self-attention with Shaw et al. relative position representations."""

import torch
from mmengine.model import BaseModule
from torch import nn

from dad_plugins.registry import MODELS
from dad_plugins.utils.typing import OptMultiConfig

from ..utils import check_heads
from .attention_heads import merge_heads, split_heads
from .blockwise_attention import blockwise_attention
from .masked_temporal_ops import zero_padding


def relative_position_index(
    length: int,
    max_distance: int,
    device: torch.device | None = None,
    start: int = 0,
    stop: int | None = None,
) -> torch.Tensor:
    """Index ``clip(j - i, -K, K) + K`` of key ``j`` relative to query ``i``.

    Args:
        length (int): Number of tokens ``T`` (keys).
        max_distance (int): Clipping distance ``K``.
        device (torch.device, optional): Device of the result.
        start (int): First query ``i``. Defaults to 0.
        stop (int, optional): End (exclusive) of the queries. Defaults to ``length``.

    Returns:
        Tensor: ``(Q, T)`` int64 in ``[0, 2K]`` with ``Q = stop - start``; row = query,
        column = key.
    """
    stop = length if stop is None else stop
    queries = torch.arange(start, stop, device=device)
    distance = torch.arange(length, device=device)[None, :] - queries[:, None]  # (Q, T): j - i
    return distance.clamp(-max_distance, max_distance) + max_distance


@MODELS.register_module()
class RelativeMultiheadAttention(BaseModule):
    """Bidirectional MHSA with clipped relative positions; the attention of PAT's RPT block.

    PAT Sec. 3.2.3, Eq. (1)-(5), following Shaw et al. (2018): for head ``h``, query ``i`` and
    key ``j``,

    ``e_ij = (q_i . k_j + q_i . a^K_{clip(j - i, -K, K)}) / sqrt(D_h)``,
    ``o_i = sum_j softmax_j(e_ij) (v_j + a^V_{clip(j - i, -K, K)})``,

    with tables ``a^K, a^V`` of ``2K + 1`` rows of ``D_h`` values shared by the heads; the value
    term is optional (off in PAT and its released code). Memory follows Huang et al. (2019):
    the ``(T, T, D_h)`` tensor of Shaw's formulation is never built. ``Q a^K^T`` is computed once
    per distance, ``(B, H, T, 2K + 1)``, and moved to its ``(i, j)`` cells by an index gather.
    The causal "skew" reshape of the Music Transformer (used by the released PAT code) only
    places the cells ``j <= i`` correctly; the gather is exact for every pair, in both
    directions. For the value term, attention weights are summed per clipped distance
    (scatter-add into ``(B, H, T, 2K + 1)``) and multiplied by ``a^V``.

    Distances beyond ``K`` use the edge rows of the tables, so sequences of any length (longer
    than the training windows included) are handled with the same parameters.

    Args:
        embed_dims (int): Channels ``C`` (``D°``).
        num_heads (int): Heads ``H``; must divide ``embed_dims``. Defaults to 8.
        max_relative_distance (int): Clipping distance ``K`` in tokens. Defaults to 255.
        relative_keys (bool): Add the ``q_i . a^K`` logits; False gives plain MHSA. Defaults to
            True.
        relative_values (bool): Add Shaw's ``a^V`` term to the outputs. Defaults to False.
        qkv_bias (bool): Biases of the query, key and value projections. Defaults to True.
        attn_drop (float): Dropout on the attention weights. Defaults to 0.
        proj_drop (float): Dropout after the output projection. Defaults to 0.
        query_block_size (int): Queries per attention block. Defaults to 256.
        init_cfg (dict | list[dict], optional): Initialisation config. Defaults to truncated
            normal (std 0.02) linear layers, as in the released PAT / MS-TCT code.

    Shapes:
        - x: ``(B, C, T)``; masks: ``(B, T)`` bool, True on valid tokens (keys that are False
          get no attention); sequence_ids: ``(B, T)`` integer, optional.
        - output: ``(B, C, T)``, zeros on padded tokens.
    """

    def __init__(
        self,
        embed_dims: int,
        num_heads: int = 8,
        max_relative_distance: int = 255,
        relative_keys: bool = True,
        relative_values: bool = False,
        qkv_bias: bool = True,
        attn_drop: float = 0.0,
        proj_drop: float = 0.0,
        query_block_size: int = 256,
        init_cfg: OptMultiConfig = None,
    ) -> None:
        if init_cfg is None:
            init_cfg = dict(type='TruncNormal', layer='Linear', std=0.02, bias=0.0)
        super().__init__(init_cfg=init_cfg)
        check_heads(embed_dims, num_heads)
        if max_relative_distance < 0:
            raise ValueError(f'max_relative_distance must be >= 0, got {max_relative_distance}')
        if query_block_size < 1:
            raise ValueError(f'query_block_size must be >= 1, got {query_block_size}')
        self.embed_dims = embed_dims
        self.num_heads = num_heads
        self.head_dims = embed_dims // num_heads
        self.scale = self.head_dims**-0.5
        self.max_relative_distance = max_relative_distance
        self.query_block_size = query_block_size
        self.query = nn.Linear(embed_dims, embed_dims, bias=qkv_bias)
        self.key = nn.Linear(embed_dims, embed_dims, bias=qkv_bias)
        self.value = nn.Linear(embed_dims, embed_dims, bias=qkv_bias)
        self.proj = nn.Linear(embed_dims, embed_dims)
        self.attn_drop = nn.Dropout(attn_drop)
        self.proj_drop = nn.Dropout(proj_drop)
        num_rows = 2 * max_relative_distance + 1
        self.rel_key_table = self._table(num_rows) if relative_keys else None
        self.rel_value_table = self._table(num_rows) if relative_values else None

    def _table(self, num_rows: int) -> nn.Parameter:
        """A ``(2K + 1, D_h)`` relative embedding table, truncated normal (std 0.02)."""
        return nn.Parameter(nn.init.trunc_normal_(torch.empty(num_rows, self.head_dims), std=0.02))

    def _clipped(self, table: torch.Tensor, length: int) -> tuple[torch.Tensor, int]:
        """Rows of ``table`` reachable in ``length`` tokens and their clipping distance.

        ``|j - i| <= T - 1``, so with ``K' = min(K, T - 1)`` the rows ``K - K' .. K + K'`` index
        exactly as the full table does.
        """
        distance = min(self.max_relative_distance, length - 1)
        center = self.max_relative_distance
        return table[center - distance : center + distance + 1], distance

    def relative_key_logits(self, query: torch.Tensor, start: int, length: int) -> torch.Tensor:
        """``q_i . a^K_{clip(j - i)}`` of a block of queries against all keys.

        Args:
            query (Tensor): ``(B, H, Q, D_h)``, queries ``start .. start + Q - 1``.
            start (int): Index of the first query.
            length (int): Number of keys ``T``.

        Returns:
            Tensor: ``(B, H, Q, T)``.
        """
        batch, heads, num_queries, _ = query.shape
        table, distance = self._clipped(self.rel_key_table, length)
        per_distance = query @ table.t()  # (B, H, Q, 2K' + 1)
        index = relative_position_index(
            length, distance, query.device, start, start + num_queries
        )  # (Q, T)
        return per_distance.gather(-1, index.expand(batch, heads, num_queries, length))

    def relative_value_output(self, attn: torch.Tensor, start: int) -> torch.Tensor:
        """``sum_j attn_ij a^V_{clip(j - i)}`` of a block of queries.

        Args:
            attn (Tensor): Attention weights ``(B, H, Q, T)`` of queries
                ``start .. start + Q - 1``.
            start (int): Index of the first query.

        Returns:
            Tensor: ``(B, H, Q, D_h)``.
        """
        batch, heads, num_queries, length = attn.shape
        table, distance = self._clipped(self.rel_value_table, length)
        index = relative_position_index(
            length, distance, attn.device, start, start + num_queries
        )  # (Q, T)
        per_distance = attn.new_zeros(batch, heads, num_queries, 2 * distance + 1).scatter_add(
            -1, index.expand(batch, heads, num_queries, length), attn
        )  # (B, H, Q, 2K' + 1)
        return per_distance @ table  # (B, H, Q, D_h)

    def forward(
        self,
        x: torch.Tensor,
        masks: torch.Tensor | None = None,
        sequence_ids: torch.Tensor | None = None,
    ) -> torch.Tensor:
        """Self-attention over ``(B, C, T)`` features; see the class docstring for shapes."""
        length = x.shape[-1]
        tokens = zero_padding(x, masks).transpose(1, 2)  # (B, T, C)

        query, key, value = (
            split_heads(linear(tokens), self.num_heads)  # (B, H, T, D_h)
            for linear in (self.query, self.key, self.value)
        )
        query = query * self.scale  # both logit terms are linear in the query
        out = blockwise_attention(
            query,
            key,
            value,
            key_masks=masks,
            sequence_ids=sequence_ids,
            logit_bias=(
                None
                if self.rel_key_table is None
                else lambda block, start: self.relative_key_logits(block, start, length)
            ),
            weighted_output=None if self.rel_value_table is None else self.relative_value_output,
            attn_drop=self.attn_drop,
            block_size=self.query_block_size,
        )  # (B, H, T, D_h)
        out = self.proj_drop(self.proj(merge_heads(out)))  # (B, T, C)
        return zero_padding(out.transpose(1, 2), masks)  # (B, C, T)
