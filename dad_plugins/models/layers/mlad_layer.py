"""MLAD layer: co-occurrence and temporal dependency branches with a learned merge."""

from typing import Any

import torch
from mmengine.model import BaseModule
from torch import nn

from dad_plugins.registry import MODELS
from dad_plugins.utils.typing import OptMultiConfig

from .self_attention_block import SelfAttentionBlock


@MODELS.register_module()
class MLADLayer(BaseModule):
    """Multi-Label Action Dependency layer (MLAD Sec. 3.1, Fig. 3).

    On class-level features ``f`` ``(B, C, T, H)``:

    - the co-occurrence branch (CB, Eq. (2)-(3)) attends across the ``C`` classes at each time
      step: ``f'_t = softmax(Q_t K_t^T / sqrt(H)) V_t`` with ``Q_t, K_t, V_t`` ``(C, H)``;
    - the temporal branch (TB, Eq. (4)-(5)) attends across the ``T`` time steps of each class:
      ``f''_c = softmax(Q_c K_c^T / sqrt(H)) V_c`` with ``(T, H)`` tensors; padded time steps
      are masked out as keys;
    - the merge (Eq. (6)) is ``g = alpha f' + (1 - alpha) f''`` with one learned
      ``alpha = sigmoid(a)`` in ``[0, 1]`` per layer (``a = 0`` at start, so ``alpha = 0.5``), or
      the fixed average ``alpha = 0.5`` of the supplement's Table S2.

    Each branch is a :class:`SelfAttentionBlock` with its own weights (shared by all time steps,
    respectively all classes). Switching one branch off gives the "Only CB" / "Only TB" rows of
    Table 5; then ``g`` is the remaining branch's output.

    ``full_attention=True`` is the supplement's fully-connected baseline (Sec. 5, Table S4): one
    :class:`SelfAttentionBlock` over all ``C T`` class-time tokens of a video, ``(B, C T, H)``
    with ``(C T) x (C T)`` weights and padded time steps masked as keys, replaces both branches.

    Args:
        embed_dims (int): Class-level channels ``H``. Defaults to 128.
        cooccurrence (bool): Use the co-occurrence branch. Defaults to True.
        temporal (bool): Use the temporal branch. Defaults to True.
        learn_alpha (bool): Learn ``alpha`` (True) or fix it at 0.5 (Table S2). Defaults to True.
        full_attention (bool): One attention over all class-time tokens instead of the two
            branches (Table S4); ``cooccurrence``, ``temporal`` and ``learn_alpha`` must then
            keep their defaults. Defaults to False.
        init_cfg (dict | list[dict], optional): Initialisation config.
        **block_kwargs: The other arguments of each branch's :class:`SelfAttentionBlock`, with
            its defaults: ``num_heads`` (1, Eq. (2), (4)), ``ffn_dims`` (None: ``embed_dims``),
            ``dropout`` (0.2) and ``inference_chunk_tokens``.

    Shapes:
        - x: ``(B, C, T, H)``; masks: ``(B, T)`` bool, True on valid time steps (None: all).
        - output: ``(B, C, T, H)``, zeros on padded time steps.
    """

    def __init__(
        self,
        embed_dims: int = 128,
        cooccurrence: bool = True,
        temporal: bool = True,
        learn_alpha: bool = True,
        full_attention: bool = False,
        init_cfg: OptMultiConfig = None,
        **block_kwargs: Any,
    ) -> None:
        super().__init__(init_cfg=init_cfg)
        if not (cooccurrence or temporal):
            raise ValueError('an MLAD layer needs at least one of the two branches')
        if full_attention and not (cooccurrence and temporal and learn_alpha):
            raise ValueError(
                'full_attention replaces both branches and alpha: leave cooccurrence, temporal '
                'and learn_alpha at True'
            )

        def branch(enabled: bool) -> SelfAttentionBlock | None:
            return SelfAttentionBlock(embed_dims, **block_kwargs) if enabled else None

        self.full_attention = branch(full_attention)
        self.cooccurrence = branch(cooccurrence and not full_attention)
        self.temporal = branch(temporal and not full_attention)
        self.alpha_logit = (
            nn.Parameter(torch.zeros(()))
            if learn_alpha and self.cooccurrence is not None and self.temporal is not None
            else None
        )

    @property
    def alpha(self) -> torch.Tensor:
        """Weight of the co-occurrence branch in Eq. (6)."""
        if self.alpha_logit is None:
            return torch.tensor(0.5)
        return self.alpha_logit.sigmoid()

    def cooccurrence_branch(self, x: torch.Tensor) -> torch.Tensor:
        """CB: attention across classes at every time step, ``(B, C, T, H) -> (B, C, T, H)``."""
        batch, classes, length, channels = x.shape
        tokens = x.transpose(1, 2).reshape(batch * length, classes, channels)  # (B T, C, H)
        out = self.cooccurrence(tokens)
        return out.view(batch, length, classes, channels).transpose(1, 2)

    def temporal_branch(self, x: torch.Tensor, masks: torch.Tensor | None) -> torch.Tensor:
        """TB: attention across valid time steps of every class, ``(B, C, T, H)`` in and out."""
        batch, classes, length, channels = x.shape
        tokens = x.reshape(batch * classes, length, channels)  # (B C, T, H)
        key_masks = None if masks is None else masks.repeat_interleave(classes, dim=0)  # (B C, T)
        return self.temporal(tokens, key_masks).view(batch, classes, length, channels)

    def full_attention_branch(self, x: torch.Tensor, masks: torch.Tensor | None) -> torch.Tensor:
        """Table S4: attention across all class-time tokens of a video, ``(B, C, T, H)`` in
        and out."""
        batch, classes, length, channels = x.shape
        tokens = x.reshape(batch, classes * length, channels)  # (B, C T, H), class-major
        key_masks = None if masks is None else masks.repeat(1, classes)  # (B, C T)
        return self.full_attention(tokens, key_masks).view(batch, classes, length, channels)

    def forward(self, x: torch.Tensor, masks: torch.Tensor | None = None) -> torch.Tensor:
        """Refine class-level features; see the class docstring for shapes."""
        if self.full_attention is not None:
            out = self.full_attention_branch(x, masks)
        elif self.temporal is None:
            out = self.cooccurrence_branch(x)
        elif self.cooccurrence is None:
            out = self.temporal_branch(x, masks)
        else:
            # alpha * CB + (1 - alpha) * TB, without further (B, C, T, H) temporaries
            cooccurrence = self.cooccurrence_branch(x)
            out = torch.lerp(self.temporal_branch(x, masks), cooccurrence, self.alpha.to(x))
        if masks is None:
            return out
        return out.masked_fill_(~masks[:, None, :, None], 0.0)  # (B, C, T, H)
