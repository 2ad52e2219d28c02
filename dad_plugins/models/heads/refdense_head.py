"""RefDense head: fused action classifier with entity and motion sub-heads."""

from collections.abc import Sequence

import torch
from mmengine.model import BaseModule
from torch import nn

from dad_plugins.registry import MODELS
from dad_plugins.structures.sub_label_kinds import SUB_LABEL_KINDS
from dad_plugins.utils.typing import OptConfigType, OptMultiConfig, SampleList

from ..utils import stack_frame_labels


@MODELS.register_module()
class RefDenseHead(BaseModule):
    """Actions from ``[F_ent; F_mot]``; entity and motion sub-heads supervise the sub-networks.

    RefDense Sec. 3.2: ``P = Sig(Conv([F_ent; F_mot]))`` (Eq. (8)) trained with the action
    BCE; during training ``P_phi = Sig(Conv_phi(F_phi))`` (Eq. (9)) with the sub-label BCE of
    each kind ``phi`` in ``sub_labels``, and the CoLV loss (Eq. (10)-(11)) of each kind in both
    ``sub_labels`` and ``loss_colv`` on the sub-network features ``F_phi``. All convolutions are
    1 x 1; the sub-heads play no part at inference.

    Ablation switches: ``sub_labels=()`` and the one-kind rows of RefDense Table 4 (a kind left
    out supervises nothing, neither its BCE nor its CoLV); ``loss_colv=None`` for Table 5.

    Args:
        in_channels (int): Channels ``D*`` of each sub-network's features.
        num_classes (int): Action classes ``C``.
        num_sub_classes (dict[str, int]): ``C_ent`` and ``C_mot`` by kind, e.g.
            ``dict(entity=38, motion=38)``.
        sub_labels (Sequence[str]): Kinds whose labels supervise their sub-network.
            Defaults to ``('entity', 'motion')``.
        loss_cls (dict, optional): Per-token action loss, called as ``loss(logits, targets,
            mask=masks)``. Defaults to ``MaskedBCELoss``.
        loss_sub (dict, optional): Per-token sub-label loss. Defaults to ``MaskedBCELoss``.
        loss_colv (dict[str, dict], optional): CoLV loss config by kind (``CoLVLoss`` with the
            kind's class text embeddings). Defaults to None.
        dropout (float): Dropout on the features before the classifiers. Defaults to 0.
        init_cfg (dict | list[dict], optional): Initialisation config.

    Shapes:
        - feats: ``(entity (B, D*, T), motion (B, D*, T))``; masks: ``(B, T)`` bool.
        - logits: ``(B, C, T)``.
    """

    def __init__(
        self,
        in_channels: int,
        num_classes: int,
        num_sub_classes: dict[str, int],
        sub_labels: Sequence[str] = SUB_LABEL_KINDS,
        loss_cls: OptConfigType = None,
        loss_sub: OptConfigType = None,
        loss_colv: dict[str, dict] | None = None,
        dropout: float = 0.0,
        init_cfg: OptMultiConfig = None,
    ) -> None:
        super().__init__(init_cfg=init_cfg)
        unknown = (set(sub_labels) | set(loss_colv or {})) - set(SUB_LABEL_KINDS)
        if unknown:
            raise ValueError(f'sub-label kinds must be among {SUB_LABEL_KINDS}, got {unknown}')
        self.sub_labels = tuple(sub_labels)
        self.classifier = nn.Conv1d(2 * in_channels, num_classes, 1)
        self.sub_heads = nn.ModuleDict(
            {kind: nn.Conv1d(in_channels, num_sub_classes[kind], 1) for kind in self.sub_labels}
        )
        self.dropout = nn.Dropout(dropout)
        self.loss_cls = MODELS.build(loss_cls or dict(type='MaskedBCELoss'))
        self.loss_sub = MODELS.build(loss_sub or dict(type='MaskedBCELoss'))
        self.loss_colv = nn.ModuleDict(
            {
                kind: MODELS.build(cfg)
                for kind, cfg in (loss_colv or {}).items()
                if kind in self.sub_labels
            }
        )

    @property
    def class_projection(self) -> nn.Conv1d:
        """The ``2 D* -> C`` 1 x 1 action classifier."""
        return self.classifier

    def forward(self, feats: Sequence[torch.Tensor], masks: torch.Tensor) -> torch.Tensor:
        """Action logits ``(B, C, T)``."""
        entity, motion = feats
        return self.classifier(self.dropout(torch.cat([entity, motion], dim=1)))

    def loss(
        self, feats: Sequence[torch.Tensor], masks: torch.Tensor, data_samples: SampleList
    ) -> dict[str, torch.Tensor]:
        """Action loss, sub-label losses and CoLV losses on the valid tokens."""
        logits = self(feats, masks)
        num_tokens = logits.shape[-1]
        targets = stack_frame_labels(data_samples, num_tokens).to(logits)
        losses = dict(loss_cls=self.loss_cls(logits, targets, mask=masks))
        by_kind = dict(zip(SUB_LABEL_KINDS, feats))
        for kind in self.sub_labels:
            sub_targets = stack_frame_labels(data_samples, num_tokens, f'gt_{kind}_labels')
            sub_targets = sub_targets.to(logits)
            sub_logits = self.sub_heads[kind](self.dropout(by_kind[kind]))
            losses[f'loss_{kind}'] = self.loss_sub(sub_logits, sub_targets, mask=masks)
            if kind in self.loss_colv:
                colv = self.loss_colv[kind](by_kind[kind], sub_targets, mask=masks)
                losses[f'loss_colv_{kind}'] = colv
        return losses

    def predict(self, feats: Sequence[torch.Tensor], masks: torch.Tensor) -> torch.Tensor:
        """Action probabilities ``(B, C, T)``."""
        return self(feats, masks).sigmoid()
