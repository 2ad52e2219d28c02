"""A temporal convolution followed by a stack of RPT blocks."""

from typing import Any

import torch
from mmengine.model import BaseModule
from torch import nn

from dad_plugins.registry import MODELS
from dad_plugins.utils.typing import OptMultiConfig

from ..utils import check_choice
from .cross_attention_block import CrossAttentionBlock
from .masked_conv1d import MaskedConv1d
from .masked_temporal_ops import downsample_mask, sinusoidal_position_encoding, zero_padding
from .norms import channel_layer_norm
from .packed_sequences import sequence_positions
from .rpt_block import POS_ENCODINGS, RPTBlock


@MODELS.register_module()
class RPTStage(BaseModule):
    """``Conv(C, 3, stride), Nrm, B x RPT``: one row of PAT Table 1.

    The Fine-Det module (stride 1), each Coarse-Det granularity branch (stride ``2^i``) and the
    ML-Rel module of the Assistant branch (stride 1 over labels) all have this form (PAT Eq. (6),
    (9), (10)-(11)). A final LayerNorm closes the pre-norm block stack, as in the released code.
    With ``pos_encoding='absolute'`` sinusoidal encodings of the stage's token indices are added
    to the input of the first block (PAT Table 7, "Absolute").

    With ``context_channels`` set, a :class:`CrossAttentionBlock` follows the RPT blocks: the
    stage's tokens attend to a context sequence (RefDense Eq. (6)-(7), Action-Motion attending
    to the Action-Entity features).

    Args:
        in_channels (int): Input channels.
        embed_dims (int): Channels of the stage ``C``. Defaults to 512.
        stride (int): Temporal stride of the input convolution. Defaults to 1.
        num_blocks (int): RPT blocks ``B``; 0 keeps only the convolution and its norm.
            Defaults to 3.
        num_heads (int): Attention heads ``H``. Defaults to 8.
        pos_encoding (str): ``'relative'``, ``'absolute'`` or ``'none'``. Defaults to
            ``'relative'``.
        kernel_size (int): Kernel of the input convolution. Defaults to 3.
        context_channels (int, optional): Channels of the context to cross-attend to; None
            builds no cross-attention. Defaults to None.
        init_cfg (dict | list[dict], optional): Initialisation config.
        **block_kwargs: The other arguments of every :class:`RPTBlock`, with its defaults:
            ``mlp_ratio``, ``dropout``, ``attn_drop``, ``max_relative_distance`` (``K`` in
            tokens of this stage) and ``relative_values``.

    Several videos packed in one row (``sequence_ids``) are transformed as if each were alone,
    provided they start at multiples of ``stride`` after ``stride`` padding tokens (see
    :func:`check_packed_layout`): attention stays within a video, the zeroed padding between
    videos keeps the convolutions from crossing, and absolute encodings count the tokens of
    each video from 0.

    Shapes:
        - x: ``(B, C_in, T)``; masks: ``(B, T)`` bool, True on valid tokens.
        - context: ``(B, C_ctx, T_k)`` and context_masks ``(B, T_k)``, with ``context_channels``.
        - sequence_ids: ``(B, T)`` int64, optional: the video of every token of a packed row,
          -1 on padding (no context then).
        - output: ``(B, C, ceil(T / stride))`` with zeros on padded tokens, and its masks
          ``(B, ceil(T / stride))`` (None when ``masks`` is None).
    """

    def __init__(
        self,
        in_channels: int,
        embed_dims: int = 512,
        stride: int = 1,
        num_blocks: int = 3,
        num_heads: int = 8,
        pos_encoding: str = 'relative',
        kernel_size: int = 3,
        context_channels: int | None = None,
        init_cfg: OptMultiConfig = None,
        **block_kwargs: Any,
    ) -> None:
        super().__init__(init_cfg=init_cfg)
        check_choice('pos_encoding', pos_encoding, POS_ENCODINGS)
        self.pos_encoding = pos_encoding
        self.conv = MaskedConv1d(in_channels, embed_dims, kernel_size, stride=stride)
        self.norm = nn.LayerNorm(embed_dims)
        self.blocks = nn.ModuleList(
            RPTBlock(embed_dims, num_heads=num_heads, pos_encoding=pos_encoding, **block_kwargs)
            for _ in range(num_blocks)
        )
        self.cross_attn = (
            CrossAttentionBlock(embed_dims, context_channels, num_heads=num_heads)
            if context_channels is not None
            else None
        )
        self.out_norm = nn.LayerNorm(embed_dims) if num_blocks > 0 else None

    def forward(
        self,
        x: torch.Tensor,
        masks: torch.Tensor | None = None,
        context: torch.Tensor | None = None,
        context_masks: torch.Tensor | None = None,
        sequence_ids: torch.Tensor | None = None,
    ) -> tuple[torch.Tensor, torch.Tensor | None]:
        """Project and transform ``(B, C_in, T)`` features; see the class docstring."""
        if self.cross_attn is None and context is not None:
            raise ValueError(f'{type(self).__name__} without context_channels takes no context')
        if self.cross_attn is not None and context is None:
            raise ValueError(f'{type(self).__name__} with context_channels needs a context')
        if self.cross_attn is not None and sequence_ids is not None:
            raise ValueError(f'{type(self).__name__} with a context takes no packed videos')
        x, masks = self.conv(x, masks)  # (B, C, T'), (B, T')
        sequence_ids = downsample_mask(sequence_ids, self.conv.stride)  # (B, T')
        x = channel_layer_norm(self.norm, x)
        if self.pos_encoding == 'absolute':
            x = x + self._absolute_encoding(x, sequence_ids)
        for block in self.blocks:
            x = block(x, masks, sequence_ids)
        if self.cross_attn is not None:
            x = self.cross_attn(x, context, masks, context_masks)
        if self.out_norm is not None:
            x = channel_layer_norm(self.out_norm, x)
        return zero_padding(x, masks), masks

    @staticmethod
    def _absolute_encoding(x: torch.Tensor, sequence_ids: torch.Tensor | None) -> torch.Tensor:
        """Sinusoidal encodings ``(C, T)`` of the token indices, or ``(B, C, T)`` of the
        indices within each packed video."""
        channels, length = x.shape[1], x.shape[2]
        encoding = sinusoidal_position_encoding(length, channels, x.device, x.dtype)  # (C, T)
        if sequence_ids is None:
            return encoding
        return encoding[:, sequence_positions(sequence_ids)].permute(1, 0, 2)  # (B, C, T)
