"""Fine-Det: PAT's full-resolution RPT encoder."""

from typing import Any

import torch
from mmengine.model import BaseModule

from dad_plugins.registry import MODELS
from dad_plugins.utils.typing import OptMultiConfig

from ..layers import RPTStage, check_packed_layout, zero_padding


@MODELS.register_module()
class FineDet(BaseModule):
    """Fine detection module: ``Conv(C, 3, 1), Nrm, B x RPT`` (PAT Sec. 3.2.3, Eq. (9), Table 1).

    Maps input tokens ``I`` (``C_in`` channels) to fine-grained features ``I°`` at the input
    resolution. For the Net-v1 ablation (PAT Table 4, Coarse-Det fed from the input tokens) set
    ``return_inputs=True``: the module then returns ``(fine, inputs)`` and a
    :class:`CoarseDet` neck with ``input_source='input'`` reads the second element.

    With ``context_channels`` set, the stage also cross-attends to a context sequence after its
    RPT blocks (RefDense Action-Motion, Eq. (6)); one RPT block without context is RefDense's
    Action-Entity temporal model (Eq. (5)).

    Args:
        in_channels (int): Input channels ``C_in`` (``D``; 1024 for I3D).
        embed_dims (int): Output channels ``C`` (``D*``). Defaults to 512.
        return_inputs (bool): Also return the input tokens (padded tokens zeroed).
            Defaults to False.
        init_cfg (dict | list[dict], optional): Initialisation config.
        **stage_kwargs: The other arguments of :class:`RPTStage`, with its defaults:
            ``num_blocks`` (``B``; 0 keeps only the input projection), ``num_heads``,
            ``mlp_ratio``, ``dropout``, ``attn_drop``, ``max_relative_distance`` (``K`` in
            tokens), ``pos_encoding`` (``'relative'``, ``'absolute'`` or ``'none'``, PAT
            Table 7), ``relative_values`` and ``context_channels``.

    Shapes:
        - x: ``(B, C_in, T)``; masks: ``(B, T)`` bool, True on valid tokens.
        - context: ``(B, C_ctx, T_k)`` and context_masks ``(B, T_k)``, with ``context_channels``.
        - sequence_ids: ``(B, T)`` int64, optional: several videos packed in each row (the video
          of every token, -1 on padding; see ``dense_collate(pack_length=...)``), each
          transformed as if alone.
        - output: ``(B, C, T)`` with zeros on padded tokens, or ``((B, C, T), (B, C_in, T))``
          with ``return_inputs=True``.
    """

    def __init__(
        self,
        in_channels: int,
        embed_dims: int = 512,
        return_inputs: bool = False,
        init_cfg: OptMultiConfig = None,
        **stage_kwargs: Any,
    ) -> None:
        super().__init__(init_cfg=init_cfg)
        self.return_inputs = return_inputs
        self.out_channels = embed_dims
        self.stage = RPTStage(in_channels, embed_dims, stride=1, **stage_kwargs)

    def forward(
        self,
        x: torch.Tensor,
        masks: torch.Tensor | None = None,
        context: torch.Tensor | None = None,
        context_masks: torch.Tensor | None = None,
        sequence_ids: torch.Tensor | None = None,
    ) -> tuple[torch.Tensor | tuple[torch.Tensor, torch.Tensor], torch.Tensor | None]:
        """Fine features of ``(B, C_in, T)`` input tokens and the masks; see the class docstring."""
        if sequence_ids is not None:
            check_packed_layout(sequence_ids, 1, type(self).__name__)
        fine, _ = self.stage(x, masks, context, context_masks, sequence_ids)  # (B, C, T)
        if self.return_inputs:
            return (fine, zero_padding(x, masks)), masks
        return fine, masks
