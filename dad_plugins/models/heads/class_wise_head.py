"""Per-class classifiers on class-level features, with a loss on the initial features too."""

from collections.abc import Sequence

import torch
from mmengine.model import BaseModule

from dad_plugins.registry import MODELS
from dad_plugins.utils.typing import OptConfigType, OptMultiConfig, SampleList

from ..layers import ClassWiseLinear
from ..utils import instance_kwargs, stack_frame_labels

ClassFeats = torch.Tensor | Sequence[torch.Tensor]


@MODELS.register_module()
class ClassWiseHead(BaseModule):
    """``y_{t,c} = sigmoid(W_c^T g_{t,c} + b_c)``: one linear classifier per class (MLAD Eq. (7)).

    Reads class-level features ``(B, C, T, H)``, e.g. the ``(f, g)`` pair of
    :class:`MLADEncoder`. Predictions come from the refined features ``g``. In training the
    initial features ``f`` get their own classifiers and loss too (Sec. 5.1: "we classify and
    compute loss on both the initial class-level features and the features from the final MLAD
    layer"; the supplement's Table S3 ablates it):
    ``loss = loss_cls(g) + initial_loss_weight * loss_cls(f)``.

    The classifiers of ``g`` are exposed as :attr:`class_projection`, so that
    :class:`~dad_plugins.models.paradigms.AssistantParadigm` can train an MLAD detector with
    PAT's assistant branch (its ML-CLAS is then one linear map per class too).

    Args:
        num_classes (int): ``C``.
        in_channels (int): Class-level channels ``H``. Defaults to 128.
        initial_loss_weight (float): Weight of the loss on the initial features; 0 removes it
            and its classifiers (Table S3, "W/O Initial Loss"). Defaults to 1.
        loss_cls (dict, optional): Per-token loss, called as ``loss(logits, targets,
            mask=masks)`` (plus ``instances=`` if it declares ``needs_instances``, see
            :func:`~dad_plugins.models.utils.instance_kwargs`). Defaults to ``MaskedBCELoss``
            (the released code's BCE).
        init_cfg (dict | list[dict], optional): Initialisation config.

    Shapes:
        - feats: ``(f, g)`` (with ``initial_loss_weight > 0``) or ``g``, each ``(B, C, T, H)``;
          masks: ``(B, T)`` bool.
        - ``forward``: logits ``(B, C, T)`` of ``g``; ``predict``: probabilities ``(B, C, T)``.
    """

    def __init__(
        self,
        num_classes: int,
        in_channels: int = 128,
        initial_loss_weight: float = 1.0,
        loss_cls: OptConfigType = None,
        init_cfg: OptMultiConfig = None,
    ) -> None:
        super().__init__(init_cfg=init_cfg)
        self.initial_loss_weight = initial_loss_weight
        self.classifier = ClassWiseLinear(num_classes, in_channels, 1)
        self.initial_classifier = (
            ClassWiseLinear(num_classes, in_channels, 1) if initial_loss_weight else None
        )
        self.loss_cls = MODELS.build(loss_cls or dict(type='MaskedBCELoss'))

    @property
    def class_projection(self) -> ClassWiseLinear:
        """The per-class classifiers of the refined features (see ``AssistantParadigm``)."""
        return self.classifier

    @staticmethod
    def _refined(feats: ClassFeats) -> torch.Tensor:
        """``g`` from an ``(f, g)`` pair or a single tensor."""
        return feats if isinstance(feats, torch.Tensor) else feats[1]

    @staticmethod
    def _logits(classifier: ClassWiseLinear, feats: torch.Tensor) -> torch.Tensor:
        return classifier(feats).squeeze(-1)  # (B, C, T, 1) -> (B, C, T)

    def forward(self, feats: ClassFeats, masks: torch.Tensor) -> torch.Tensor:
        """Logits ``(B, C, T)`` of the refined features."""
        return self._logits(self.classifier, self._refined(feats))

    def loss(
        self, feats: ClassFeats, masks: torch.Tensor, data_samples: SampleList
    ) -> dict[str, torch.Tensor]:
        """``loss_cls`` on the refined features and, weighted, on the initial ones."""
        logits = self._logits(self.classifier, self._refined(feats))
        targets = stack_frame_labels(data_samples, logits.shape[-1]).to(logits)
        extra = instance_kwargs(self.loss_cls, data_samples)
        losses = dict(loss_cls=self.loss_cls(logits, targets, mask=masks, **extra))
        if self.initial_classifier is not None:
            if isinstance(feats, torch.Tensor):
                raise ValueError(
                    f'{type(self).__name__} with initial_loss_weight > 0 needs the (initial, '
                    'refined) class-level features, got a single tensor'
                )
            initial_logits = self._logits(self.initial_classifier, feats[0])
            losses['loss_initial'] = self.initial_loss_weight * self.loss_cls(
                initial_logits, targets, mask=masks, **extra
            )
        return losses

    def predict(self, feats: ClassFeats, masks: torch.Tensor) -> torch.Tensor:
        """Probabilities ``(B, C, T)`` of the refined features."""
        return self(feats, masks).sigmoid()
