"""Detector that regresses segments from every point of a feature pyramid."""

from dad_plugins.registry import MODELS
from dad_plugins.structures import TokenPrediction

from .single_stage_detector import SingleStageDetector


@MODELS.register_module()
class AnchorFreeDetector(SingleStageDetector):
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

    def predict_tokens(self, inputs, masks, streams) -> list[TokenPrediction]:
        """Detections of every input, in its tokens."""
        instances = self.head.predict(*self.extract_feat(inputs, masks, streams))
        return [
            TokenPrediction(
                num_tokens=int(mask.sum()), num_classes=self.head.num_classes, instances=video
            )
            for video, mask in zip(instances, masks)
        ]
