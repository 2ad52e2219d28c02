"""ASL's feature encoder: convolutional embedding and a pyramid of temporal-channel blocks."""

from collections.abc import Sequence

import torch
import torch.nn.functional as F
from mmengine.model import BaseModule
from torch import nn

from dad_plugins.registry import MODELS
from dad_plugins.utils.typing import OptMultiConfig

from ..layers import MaskedConv1d, TemporalChannelBlock, downsample_mask, zero_padding
from ..layers.feature_levels import FeatureLevels
from ..layers.norms import channel_layer_norm


def masked_max_pool(x: torch.Tensor, masks: torch.Tensor | None) -> torch.Tensor:
    """Stride-2 max pooling over 3 tokens that never reads padded tokens.

    Output token ``t'`` pools input tokens ``2t' - 1 .. 2t' + 1`` (centred on ``2t'``, as
    :func:`downsample_mask` assumes); there are ``ceil(T / 2)`` of them.

    Args:
        x (Tensor): ``(B, C, T)``.
        masks (Tensor, optional): ``(B, T)`` bool, True on valid tokens.

    Returns:
        Tensor: ``(B, C, ceil(T / 2))`` with zeros on padded tokens.
    """
    if masks is not None:
        x = x.masked_fill(~masks[:, None], -torch.inf)
    return zero_padding(F.max_pool1d(x, 3, stride=2, padding=1), downsample_mask(masks, 2))


@MODELS.register_module()
class ASLEncoder(BaseModule):
    """Transformer encoder of ASL Sec. 3.1 (ActionFormer's layout with ASL's attention).

    ``num_embed_convs x (Conv(C, k), LN, ReLU)`` embed the clip features; ``num_stem_blocks``
    :class:`TemporalChannelBlock` at full resolution give level 0; each further level halves the
    tokens (masked max pooling over 3 tokens, stride 2) and applies one block, as ActionFormer's
    "branch" (arch ``(2, 2, 5)``: 6 levels of strides 1, 2, 4, 8, 16, 32). ActionFormer downsamples
    inside the attention (strided depthwise q/k/v convolutions with a max-pooled skip); here the
    skip's max pooling comes first and the block runs at the new resolution, so every block is
    the same stride-1 block.

    Args:
        in_channels (int): Input channels (1024 for I3D RGB).
        embed_dims (int): Channels ``C``. Defaults to 512.
        num_levels (int): Pyramid levels ``L`` (strides ``1 .. 2^(L - 1)``). Defaults to 6.
        num_embed_convs (int): Embedding convolutions. Defaults to 2.
        embed_kernel_size (int): Kernel of the embedding convolutions. Defaults to 3.
        num_stem_blocks (int): Full-resolution blocks. Defaults to 2.
        num_heads (int): Temporal attention heads. Defaults to 4.
        window_size (int | Sequence[int | None], optional): Local attention window, for every
            level or one per level; None = global attention. Defaults to None.
        theta (float): Channel-attention weight (ASL Sec. 3.1, 4.2). Defaults to 0.2.
        channel_heads (int): See :class:`TemporalChannelBlock`. Defaults to 1.
        mlp_ratio (float): Feed-forward expansion. Defaults to 4.
        dropout (float): Dropout of projections and feed-forwards. Defaults to 0.1
            (ActionFormer).
        attn_drop (float): Attention dropout. Defaults to 0.
        init_cfg (dict | list[dict], optional): Initialisation config.

    Shapes:
        - x: ``(B, C_in, T)``; masks: ``(B, T)`` bool, True on valid tokens.
        - output: ``(feats, masks)``: level ``l`` features ``(B, C, ceil(T / 2^l))`` (zeros on
          padding) and masks ``(B, ceil(T / 2^l))``.
    """

    def __init__(
        self,
        in_channels: int,
        embed_dims: int = 512,
        num_levels: int = 6,
        num_embed_convs: int = 2,
        embed_kernel_size: int = 3,
        num_stem_blocks: int = 2,
        num_heads: int = 4,
        window_size: int | Sequence[int | None] | None = None,
        theta: float = 0.2,
        channel_heads: int = 1,
        mlp_ratio: float = 4.0,
        dropout: float = 0.1,
        attn_drop: float = 0.0,
        init_cfg: OptMultiConfig = None,
    ) -> None:
        super().__init__(init_cfg=init_cfg)
        if num_levels < 1 or num_embed_convs < 1:
            raise ValueError('num_levels and num_embed_convs must be positive')
        windows = (
            list(window_size) if isinstance(window_size, Sequence) else [window_size] * num_levels
        )
        if len(windows) != num_levels:
            raise ValueError(f'window_size has {len(windows)} entries for {num_levels} levels')
        self.embed_convs = nn.ModuleList(
            MaskedConv1d(in_channels if i == 0 else embed_dims, embed_dims, embed_kernel_size)
            for i in range(num_embed_convs)
        )
        self.embed_norms = nn.ModuleList(nn.LayerNorm(embed_dims) for _ in range(num_embed_convs))

        def block(window: int | None) -> TemporalChannelBlock:
            return TemporalChannelBlock(
                embed_dims,
                num_heads=num_heads,
                window_size=window,
                theta=theta,
                channel_heads=channel_heads,
                mlp_ratio=mlp_ratio,
                dropout=dropout,
                attn_drop=attn_drop,
            )

        self.stem = nn.ModuleList(block(windows[0]) for _ in range(num_stem_blocks))
        self.branch = nn.ModuleList(block(window) for window in windows[1:])

    def forward(self, x: torch.Tensor, masks: torch.Tensor | None = None) -> FeatureLevels:
        """Pyramid features of ``(B, C_in, T)`` clip features; see the class docstring."""
        for conv, norm in zip(self.embed_convs, self.embed_norms):
            x, _ = conv(x, masks)
            x = zero_padding(torch.relu(channel_layer_norm(norm, x)), masks)
        for block in self.stem:
            x = block(x, masks)
        feats, level_masks = [x], [masks]
        for block in self.branch:
            x = masked_max_pool(x, masks)
            masks = downsample_mask(masks, 2)
            x = block(x, masks)
            feats.append(x)
            level_masks.append(masks)
        return FeatureLevels(tuple(feats), tuple(level_masks))
