"""Detector that regresses segments from every point of a feature pyramid."""

import torch

from dad_plugins.registry import MODELS
from dad_plugins.structures import TokenPrediction
from dad_plugins.utils.typing import ConfigType, OptConfigType, OptMultiConfig

from .base_dense_detector import BaseDenseDetector


@MODELS.register_module()
class AnchorFreeDetector(BaseDenseDetector):
    """One-stage anchor-free detector (ActionFormer / ASL family).

    ``backbone(inputs, masks)`` → ``(feats, masks)`` per pyramid level → ``neck(feats, masks)``
    (optional, same interface) → ``head.loss(feats, masks, data_samples)`` or
    ``head.predict(feats, masks)`` (segment detections in input tokens). As in mmdetection's
    single-stage detector, the head owns target assignment, losses and decoding.

    Per-token scores come from the detections through the ``post_processor`` (default
    ``SegmentsToFrames``: a token's score for a class is the highest score of that class's
    detections covering it). The classification scores of a single pyramid level would only
    cover the actions of its regression range; the detections cover all of them.

    Args:
        backbone (dict): Pyramid encoder config, returning ``(feats, masks)``.
        head (dict): Dense head config (``loss``, ``predict`` and ``forward``).
        neck (dict, optional): Pyramid neck config. Defaults to None.
        test_cfg (dict, optional): Sliding windows and post-processor, see
            :class:`BaseDenseDetector`. Defaults to full videos and ``SegmentsToFrames`` with
            PointTAD's 0.01 score threshold.
        data_preprocessor (dict, optional): See :class:`BaseDenseDetector`.
        init_cfg (dict | list[dict], optional): Initialisation config.
    """

    default_post_processor = dict(type='SegmentsToFrames')

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
        self, inputs: torch.Tensor, masks: torch.Tensor, streams: dict[str, torch.Tensor]
    ) -> tuple[tuple[torch.Tensor, ...], tuple[torch.Tensor, ...]]:
        """Pyramid features and masks of the backbone (and neck)."""
        feats, level_masks = self.backbone(inputs, masks, **streams)
        if self.neck is not None:
            feats, level_masks = self.neck(feats, level_masks)
        return feats, level_masks

    def loss(self, inputs, masks, data_samples, streams) -> dict[str, torch.Tensor]:
        """Head losses on the batch."""
        return self.head.loss(*self.extract_feat(inputs, masks, streams), data_samples)

    def predict_tokens(self, inputs, masks, streams) -> list[TokenPrediction]:
        """Detections of every input, in its tokens."""
        instances = self.head.predict(*self.extract_feat(inputs, masks, streams))
        return [
            TokenPrediction(
                num_tokens=int(mask.sum()), num_classes=self.head.num_classes, instances=video
            )
            for video, mask in zip(instances, masks)
        ]

    def _forward(self, inputs, masks, streams):
        """Head outputs: per-level class logits and boundary distances."""
        return self.head(*self.extract_feat(inputs, masks, streams))
