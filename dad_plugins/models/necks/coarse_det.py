"""Coarse-Det: PAT's non-hierarchical multi-granularity neck."""

from typing import Any

import torch
from mmengine.model import BaseModule
from torch import nn

from dad_plugins.registry import MODELS
from dad_plugins.utils.typing import OptMultiConfig

from ..layers import (
    RPTStage,
    check_packed_layout,
    downsample_mask,
    masked_linear_upsample,
    zero_padding,
)
from ..utils import check_choice

INPUT_SOURCES = ('fine', 'input')


@MODELS.register_module()
class CoarseDet(BaseModule):
    """Coarse detection module: ``F`` granularity branches, upsampled and summed.

    PAT Sec. 3.2.3, Eq. (10)-(12), Fig. 4-5 and Table 1. Branch ``i`` (``i = 1..F``) is
    ``Conv(C, 3, 2^i), Nrm, B x RPT`` applied to the *same* fine features (one sub-sampling per
    branch), so its tokens have stride ``2^i``. Every branch output is linearly upsampled back
    to ``T`` tokens (:func:`masked_linear_upsample`) and the branches are summed into the
    coarse features ``I^c``.

    Ablation switches:

    - ``num_branches`` (PAT Table 2): 1-4 branches, strides 2, 4, 8, 16.
    - ``hierarchical=True`` (Net-v2, PAT Table 6): branch ``i`` downsamples the output of branch
      ``i - 1`` by 2 (branch 1 the fine features), as in MS-TCT; the outputs are still
      upsampled from stride ``2^i`` and summed.
    - ``context_channels`` (RefDense Eq. (7)): every branch also cross-attends to a context
      sequence (the Action-Entity features at full resolution) after its RPT blocks.
    - ``input_source='input'`` (Net-v1, PAT Table 4): the branches read the input tokens
      instead of the Fine-Det features. The backbone must return ``(fine, inputs)``
      (``FineDet(return_inputs=True)``) and ``in_channels`` must be the input channels.

    Masks follow the strided convolutions: branch token ``t'`` is valid iff fine token
    ``t' * 2^i`` is (for prefix masks: ``ceil(L / 2^i)`` of ``L`` valid tokens).

    Packed rows (``sequence_ids``, see ``dense_collate(pack_length=...)``) are transformed
    video by video, as if each video were alone, when every video starts at a multiple of the
    largest stride ``2^F`` after at least ``2^F`` padding tokens
    (``dense_collate(pack_align=2 ** num_branches)``; checked, see :func:`check_packed_layout`).

    Args:
        in_channels (int): Channels of the features the first convolution(s) read: the fine
            features, or the input tokens with ``input_source='input'``. Defaults to 512.
        embed_dims (int): Channels ``C`` of the branches and of the output. Defaults to 512.
        num_branches (int): Granularity branches ``F``, 1 to 4. Defaults to 3.
        max_relative_distance (int): Clipping distance ``K`` in *fine* tokens; branch ``i`` uses
            ``max(1, K // 2^i)`` of its own tokens (the released code likewise sizes the table of
            branch ``i`` to ``256 / 2^i``). Defaults to 255.
        hierarchical (bool): Net-v2 chaining of the branches. Defaults to False.
        input_source (str): ``'fine'`` or ``'input'`` (Net-v1). Defaults to ``'fine'``.
        init_cfg (dict | list[dict], optional): Initialisation config.
        **stage_kwargs: The other arguments of every branch's :class:`RPTStage`, with its
            defaults: ``num_blocks`` (``B`` per branch), ``num_heads``, ``mlp_ratio``,
            ``dropout``, ``attn_drop``, ``pos_encoding`` (``'relative'``, ``'absolute'`` or
            ``'none'``, PAT Table 7), ``relative_values`` and ``context_channels`` (the context
            each branch cross-attends to).

    Shapes:
        - inputs: fine features ``(B, C_f, T)``, or a tuple ``(fine, inputs)`` whose first
          element is the fine features and second the input tokens ``(B, C_in, T)``.
        - masks: ``(B, T)`` bool, True on valid tokens.
        - context: ``(B, C_ctx, T_k)`` and context_masks ``(B, T_k)``, with ``context_channels``.
        - sequence_ids: ``(B, T)`` int64, optional: the video of every token of a packed row,
          -1 on padding.
        - output: tuple ``(fine (B, C_f, T), coarse (B, C, T))``; coarse is zero on padded
          tokens.
    """

    def __init__(
        self,
        in_channels: int = 512,
        embed_dims: int = 512,
        num_branches: int = 3,
        max_relative_distance: int = 255,
        hierarchical: bool = False,
        input_source: str = 'fine',
        init_cfg: OptMultiConfig = None,
        **stage_kwargs: Any,
    ) -> None:
        super().__init__(init_cfg=init_cfg)
        if not 1 <= num_branches <= 4:
            raise ValueError(f'num_branches must be in 1..4 (PAT Table 2), got {num_branches}')
        check_choice('input_source', input_source, INPUT_SOURCES)
        self.hierarchical = hierarchical
        self.input_source = input_source
        self.strides = [2**i for i in range(1, num_branches + 1)]  # on the fine axis
        self.branches = nn.ModuleList(
            RPTStage(
                embed_dims if hierarchical and i > 0 else in_channels,
                embed_dims,
                stride=2 if hierarchical else stride,
                max_relative_distance=max(1, max_relative_distance // stride),
                **stage_kwargs,
            )
            for i, stride in enumerate(self.strides)
        )

    def forward(
        self,
        inputs: torch.Tensor | tuple[torch.Tensor, ...],
        masks: torch.Tensor | None = None,
        context: torch.Tensor | None = None,
        context_masks: torch.Tensor | None = None,
        sequence_ids: torch.Tensor | None = None,
    ) -> tuple[tuple[torch.Tensor, torch.Tensor], torch.Tensor | None]:
        """``(fine, coarse)`` features and the masks; see the class docstring for shapes."""
        if sequence_ids is not None:
            check_packed_layout(sequence_ids, self.strides[-1], type(self).__name__)
        fine = inputs[0] if isinstance(inputs, (tuple, list)) else inputs  # (B, C_f, T)
        if self.input_source == 'input':
            if not isinstance(inputs, (tuple, list)) or len(inputs) < 2:
                raise TypeError(
                    "input_source='input' needs (fine, inputs) from the backbone, "
                    'e.g. FineDet(return_inputs=True)'
                )
            source = inputs[1]  # (B, C_in, T)
        else:
            source = fine
        length = fine.shape[-1]
        coarse = torch.zeros_like(fine[:, :1])  # (B, 1, T), broadcast up by the first branch
        branch_in, branch_masks, branch_ids = source, masks, sequence_ids
        for stride, branch in zip(self.strides, self.branches):
            # (B, C, ceil(T / stride))
            out, out_masks = branch(branch_in, branch_masks, context, context_masks, branch_ids)
            coarse = coarse + masked_linear_upsample(out, out_masks, stride, length)
            if self.hierarchical:
                branch_in, branch_masks = out, out_masks
                branch_ids = downsample_mask(branch_ids, 2)
        return (fine, zero_padding(coarse, masks)), masks
