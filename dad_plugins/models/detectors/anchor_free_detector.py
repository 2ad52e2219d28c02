"""Detector that regresses segments from every point of a feature pyramid."""

import torch

from dad_plugins.registry import MODELS
from dad_plugins.structures import segments_to_frames
from dad_plugins.utils.typing import ConfigType, OptConfigType, OptMultiConfig, SampleList

from .base_dense_detector import BaseDenseDetector


@MODELS.register_module()
class AnchorFreeDetector(BaseDenseDetector):
    """One-stage anchor-free detector (ActionFormer / ASL family).

    ``backbone(inputs, masks)`` → ``(feats, masks)`` per pyramid level → ``neck(feats, masks)``
    (optional, same interface) → ``head.loss(feats, masks, data_samples)`` or
    ``head.predict(feats, masks, data_samples)`` (segment detections in seconds). As in
    mmdetection's single-stage detector, the head owns target assignment, losses and decoding.

    Per-token scores (``pred_frame_scores``) are derived from the detections with
    :func:`~dad_plugins.structures.segments_to_frames`: a token's score for a class is the highest
    score of that class's detections covering it. The classification scores of a single pyramid
    level would only cover the actions of its regression range; the detections cover all of them.

    Args:
        backbone (dict): Pyramid encoder config, returning ``(feats, masks)``.
        head (dict): Dense head config (``loss``, ``predict`` and ``forward``).
        neck (dict, optional): Pyramid neck config. Defaults to None.
        frame_score_threshold (float): Detections scoring at or below it do not paint
            ``pred_frame_scores``. Defaults to 0.01 (the PointTAD protocol's threshold).
        data_preprocessor (dict, optional): See :class:`BaseDenseDetector`.
        init_cfg (dict | list[dict], optional): Initialisation config.
    """

    def __init__(
        self,
        backbone: ConfigType,
        head: ConfigType,
        neck: OptConfigType = None,
        frame_score_threshold: float = 0.01,
        data_preprocessor: OptConfigType = None,
        init_cfg: OptMultiConfig = None,
    ) -> None:
        super().__init__(data_preprocessor=data_preprocessor, init_cfg=init_cfg)
        self.backbone = MODELS.build(backbone)
        self.neck = MODELS.build(neck) if neck is not None else None
        self.head = MODELS.build(head)
        self.frame_score_threshold = frame_score_threshold

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

    def predict(self, inputs, masks, data_samples, streams) -> SampleList:
        """Detections of every video and the per-token scores derived from them."""
        instances = self.head.predict(*self.extract_feat(inputs, masks, streams), data_samples)
        num_classes = self.head.num_classes
        for sample, video_instances, mask in zip(data_samples, instances, masks):
            meta = sample.metainfo
            detections = torch.cat(
                [
                    video_instances.segments - meta.get('window_start', 0) / meta['feature_rate'],
                    video_instances.labels[:, None].to(video_instances.segments),
                    video_instances.scores[:, None],
                ],
                dim=1,
            )  # (N, 4) in seconds of this sample
            frame_scores = segments_to_frames(
                detections,
                int(mask.sum()),
                num_classes,
                meta['feature_rate'],
                score_threshold=self.frame_score_threshold,
            )  # (T_i, C)
            frame_scores = torch.from_numpy(frame_scores).to(video_instances.scores)
            self.add_pred_to_datasample(sample, frame_scores, video_instances)
        return data_samples

    def _forward(self, inputs, masks, streams):
        """Head outputs: per-level class logits and boundary distances."""
        return self.head(*self.extract_feat(inputs, masks, streams))
