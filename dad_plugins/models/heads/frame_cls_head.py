"""Per-token multi-label classifier."""

import torch
from mmengine.model import BaseModule
from torch import nn

from dad_plugins.registry import MODELS
from dad_plugins.utils.typing import OptConfigType, OptMultiConfig, SampleList

from ..utils import stack_frame_labels


@MODELS.register_module()
class FrameClsHead(BaseModule):
    """One 1 x 1 convolution from features to class logits, trained with a masked loss.

    Args:
        in_channels (int): Feature channels ``C_f``.
        num_classes (int): ``C``.
        loss_cls (dict, optional): Per-token loss; called as ``loss(logits, targets, mask=masks)``.
            Defaults to ``MaskedBCELoss``.
        dropout (float): Dropout on the features before the classifier. Defaults to 0.
        init_cfg (dict | list[dict], optional): Initialisation config.
    """

    def __init__(
        self,
        in_channels: int,
        num_classes: int,
        loss_cls: OptConfigType = None,
        dropout: float = 0.0,
        init_cfg: OptMultiConfig = None,
    ) -> None:
        super().__init__(init_cfg=init_cfg)
        self.classifier = nn.Conv1d(in_channels, num_classes, 1)
        self.dropout = nn.Dropout(dropout)
        self.loss_cls = MODELS.build(loss_cls or dict(type='MaskedBCELoss'))

    def forward(self, feats: torch.Tensor, masks: torch.Tensor) -> torch.Tensor:
        """Logits ``(B, C, T)`` from features ``(B, C_f, T)``."""
        return self.classifier(self.dropout(feats))

    def loss(
        self, feats: torch.Tensor, masks: torch.Tensor, data_samples: SampleList
    ) -> dict[str, torch.Tensor]:
        """``loss_cls`` on the valid tokens."""
        logits = self(feats, masks)
        targets = stack_frame_labels(data_samples, logits.shape[-1]).to(logits)
        return dict(loss_cls=self.loss_cls(logits, targets, mask=masks))

    def predict(self, feats: torch.Tensor, masks: torch.Tensor) -> torch.Tensor:
        """Probabilities ``(B, C, T)``."""
        return self(feats, masks).sigmoid()
