"""Multi-scale 1D deformable attention in pure PyTorch, and normalised token positions."""

import math
from collections.abc import Sequence

import torch
import torch.nn.functional as F
from mmengine.model import BaseModule
from torch import nn

from dad_plugins.registry import MODELS
from dad_plugins.utils.typing import OptMultiConfig

from ..utils import check_heads


def token_centres(masks: torch.Tensor) -> torch.Tensor:
    """Normalised centres ``(t + 0.5) / L_b`` of the tokens of ``(B, T)`` prefix masks.

    Positions are normalised to each sample's valid length ``L_b``: 0 is the start of the
    video (or window) and 1 its end; token ``t`` covers ``[t / L_b, (t + 1) / L_b)``.

    Returns:
        Tensor: ``(B, T)`` float (values past 1 on padded tokens).
    """
    lengths = masks.sum(dim=-1, keepdim=True).clamp(min=1)  # (B, 1)
    positions = torch.arange(masks.shape[-1], device=masks.device, dtype=torch.float32)
    return (positions[None] + 0.5) / lengths  # (B, T)


@MODELS.register_module()
class DeformableAttention1D(BaseModule):
    """Multi-scale 1D deformable attention (DualDETR Sec. 3.1, Eq. (1); Deformable DETR Eq. (3)).

    ``DeformAttn(z_q, t_q, X) = sum_m W_m [sum_l sum_k A_mlqk W'_m X_l(t_q + dt_mlqk)]`` with
    ``A = softmax_{l, k}(Linear(z_q))`` and offsets ``dt = Linear(z_q)``. ``X_l(t)`` is read by
    linear interpolation between the two nearest tokens (``grid_sample`` on a ``(B, D, 1, T)``
    map, zeros outside the map). Positions are normalised to the valid length of each sample
    and level (:func:`token_centres`); padded tokens of the values are zeroed, so a sample
    never reads another sample's padding and a location past the end of the video reads zeros.

    Reference points are either points ``t_q`` (``(B, Q, 1)``; offsets are in tokens of the
    level: ``t_q + dt / L_l``, TadTR / Deformable DETR) or segments ``(centre, width)``
    (``(B, Q, 2)``; offsets scale with the width: ``c + dt / K * w / 2``).

    Args:
        embed_dims (int): Channels ``D`` of queries and values.
        num_heads (int): Heads ``M``. Defaults to 8.
        num_levels (int): Feature levels ``L``. Defaults to 1.
        num_points (int): Sampling points ``K`` per head and level. Defaults to 4.
        init_cfg (dict | list[dict], optional): Initialisation config.

    Shapes:
        - query: ``(B, Q, D)``; reference: ``(B, Q, 1)`` or ``(B, Q, 2)`` in ``[0, 1]``.
        - values: ``L`` maps ``(B, D, T_l)``; masks: ``L`` masks ``(B, T_l)`` bool.
        - output: ``(B, Q, D)``.
    """

    def __init__(
        self,
        embed_dims: int,
        num_heads: int = 8,
        num_levels: int = 1,
        num_points: int = 4,
        init_cfg: OptMultiConfig = None,
    ) -> None:
        super().__init__(init_cfg=init_cfg)
        check_heads(embed_dims, num_heads)
        self.embed_dims = embed_dims
        self.num_heads = num_heads
        self.num_levels = num_levels
        self.num_points = num_points
        num_samples = num_heads * num_levels * num_points
        self.sampling_offsets = nn.Linear(embed_dims, num_samples)
        self.attention_weights = nn.Linear(embed_dims, num_samples)
        self.value_proj = nn.Linear(embed_dims, embed_dims)
        self.output_proj = nn.Linear(embed_dims, embed_dims)
        self._reset_parameters()

    def _reset_parameters(self) -> None:
        """Deformable DETR initialisation: head ``m`` starts at offsets ``+-(k + 1)`` (sign of
        ``cos(4 pi m / M)``, TadTR's 1D version), uniform attention weights."""
        nn.init.zeros_(self.sampling_offsets.weight)
        direction = torch.cos(torch.arange(self.num_heads) * (4.0 * math.pi / self.num_heads))
        steps = torch.arange(1, self.num_points + 1, dtype=torch.float32)
        grid = direction[:, None, None] * steps[None, None, :]  # (M, 1, K)
        with torch.no_grad():
            self.sampling_offsets.bias.copy_(grid.expand(-1, self.num_levels, -1).reshape(-1))
        nn.init.zeros_(self.attention_weights.weight)
        nn.init.zeros_(self.attention_weights.bias)
        nn.init.xavier_uniform_(self.value_proj.weight)
        nn.init.zeros_(self.value_proj.bias)
        nn.init.xavier_uniform_(self.output_proj.weight)
        nn.init.zeros_(self.output_proj.bias)

    def sampling_locations(
        self, query: torch.Tensor, reference: torch.Tensor, lengths: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """Normalised sampling locations and attention weights.

        Args:
            query (Tensor): ``(B, Q, D)``.
            reference (Tensor): ``(B, Q, 1)`` points or ``(B, Q, 2)`` ``(centre, width)``.
            lengths (Tensor): ``(B, L)`` valid tokens per sample and level.

        Returns:
            tuple[Tensor, Tensor]: Locations and weights, both ``(B, Q, M, L, K)``.
        """
        batch, num_queries, _ = query.shape
        shape = (batch, num_queries, self.num_heads, self.num_levels, self.num_points)
        offsets = self.sampling_offsets(query).view(shape)
        weights = self.attention_weights(query).view(*shape[:3], -1).softmax(-1).view(shape)
        if reference.shape[-1] == 1:
            scale = 1.0 / lengths.to(query.dtype)[:, None, None, :, None]  # (B, 1, 1, L, 1)
        elif reference.shape[-1] == 2:
            scale = reference[..., 1, None, None, None] * 0.5 / self.num_points  # (B, Q, 1, 1, 1)
        else:
            raise ValueError(f'reference must be (B, Q, 1) or (B, Q, 2), got {reference.shape}')
        locations = reference[..., 0, None, None, None] + offsets * scale
        return locations, weights

    def forward(
        self,
        query: torch.Tensor,
        reference: torch.Tensor,
        values: Sequence[torch.Tensor],
        masks: Sequence[torch.Tensor],
    ) -> torch.Tensor:
        """Attend from ``(B, Q, D)`` queries to ``L`` value maps; see the class docstring."""
        if len(values) != self.num_levels:
            raise ValueError(f'expected {self.num_levels} value levels, got {len(values)}')
        batch, num_queries, _ = query.shape
        head_dims = self.embed_dims // self.num_heads
        lengths = torch.stack([mask.sum(-1) for mask in masks], dim=1).clamp(min=1)  # (B, L)
        locations, weights = self.sampling_locations(query, reference, lengths)
        output = query.new_zeros(batch * self.num_heads, head_dims, num_queries)
        for level, (value, mask) in enumerate(zip(values, masks)):
            num_tokens = value.shape[-1]
            value = self.value_proj(value.transpose(1, 2)).masked_fill(~mask[..., None], 0.0)
            value = value.view(batch, num_tokens, self.num_heads, head_dims)  # (B, T, M, D_h)
            value = value.permute(0, 2, 3, 1).reshape(-1, head_dims, 1, num_tokens)
            ratio = lengths[:, level, None, None, None].to(query.dtype) / num_tokens
            grid_x = 2.0 * locations[..., level, :] * ratio - 1.0  # (B, Q, M, K)
            grid_x = grid_x.permute(0, 2, 1, 3).reshape(-1, num_queries, self.num_points)
            grid = torch.stack([grid_x, torch.zeros_like(grid_x)], dim=-1)  # (B M, Q, K, 2)
            sampled = F.grid_sample(
                value, grid, mode='bilinear', padding_mode='zeros', align_corners=False
            )  # (B M, D_h, Q, K)
            level_weights = weights[..., level, :].permute(0, 2, 1, 3)  # (B, M, Q, K)
            level_weights = level_weights.reshape(-1, 1, num_queries, self.num_points)
            output = output + (sampled * level_weights).sum(-1)  # (B M, D_h, Q)
        output = output.view(batch, self.embed_dims, num_queries).transpose(1, 2)  # (B, Q, D)
        return self.output_proj(output)
