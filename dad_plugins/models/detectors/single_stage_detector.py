"""Base of the detectors whose head reads the backbone (and neck) features directly."""

import torch

from dad_plugins.registry import MODELS
from dad_plugins.utils.typing import ConfigType, OptConfigType, OptMultiConfig

from .base_dense_detector import BaseDenseDetector


class SingleStageDetector(BaseDenseDetector):
    """Backbone, optional neck and a head that owns its targets, losses and decoding.

    As mmdetection's ``SingleStageDetector``: ``backbone(inputs, masks, **streams)`` →
    ``(feats, masks)`` → ``neck(feats, masks)`` (optional) → ``(feats, masks)`` →
    ``head.loss(feats, masks, data_samples)``, ``head.predict(feats, masks)`` or
    ``head(feats, masks)``. A subclass implements :meth:`predict_tokens` from ``head.predict``.

    Args:
        backbone (dict): Encoder config, returning ``(feats, masks)``.
        head (dict): Head config (``loss``, ``predict`` and ``forward``).
        neck (dict, optional): Neck config, ``(feats, masks)`` in and out. Defaults to None.
        test_cfg (dict, optional): See :class:`BaseDenseDetector`. Defaults to None.
        data_preprocessor (dict, optional): See :class:`BaseDenseDetector`.
        init_cfg (dict | list[dict], optional): Initialisation config.

    Shapes:
        - inputs: ``(B, C_in, T)``; masks: ``(B, T)`` bool, True on valid tokens.
        - features: a ``(B, C, T)`` map, a tuple of them, or pyramid levels ``(B, C, T_l)``
          with their own masks, as the head expects.
    """

    def __init__(
        self,
        backbone: ConfigType,
        head: ConfigType,
        neck: OptConfigType = None,
        test_cfg: OptConfigType = None,
        data_preprocessor: OptConfigType = None,
        init_cfg: OptMultiConfig = None,
    ) -> None:
        super().__init__(test_cfg=test_cfg, data_preprocessor=data_preprocessor, init_cfg=init_cfg)
        self.backbone = MODELS.build(backbone)
        self.neck = MODELS.build(neck) if neck is not None else None
        self.head = MODELS.build(head)

    def extract_feat(
        self,
        inputs: torch.Tensor,
        masks: torch.Tensor,
        streams: dict[str, torch.Tensor],
        sequence_ids: torch.Tensor | None = None,
    ) -> tuple:
        """Backbone and neck ``(feats, masks)``; ``sequence_ids`` ``(B, T)`` of packed rows go
        to both."""
        packed = {} if sequence_ids is None else dict(sequence_ids=sequence_ids)
        feats, masks = self.backbone(inputs, masks, **streams, **packed)
        if self.neck is not None:
            feats, masks = self.neck(feats, masks, **packed)
        return feats, masks

    def loss(self, inputs, masks, data_samples, streams) -> dict[str, torch.Tensor]:
        """Head losses on the batch."""
        return self.head.loss(*self.extract_feat(inputs, masks, streams), data_samples)

    def _forward(self, inputs, masks, streams):
        """Raw head outputs."""
        return self.head(*self.extract_feat(inputs, masks, streams))
