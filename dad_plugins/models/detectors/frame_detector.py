"""Detector that scores every token: backbone, optional neck, frame head."""

import inspect

import torch

from dad_plugins.registry import MODELS
from dad_plugins.structures import TokenPrediction

from .single_stage_detector import SingleStageDetector


@MODELS.register_module()
class FrameDetector(SingleStageDetector):
    """Per-token multi-label detector (MS-TCT / PAT / MLAD family).

    ``backbone(inputs, masks, **streams)`` → ``(feats, masks)`` → ``neck(feats, masks)``
    (optional) → ``(feats, masks)`` → ``head.loss(feats, masks, data_samples)`` or
    ``head.predict(feats, masks)`` (probabilities ``(B, C, T)``). ``feats`` is a ``(B, C, T)``
    map or a tuple of them (e.g. PAT's fine and coarse branches, MLAD's initial and refined
    class-level features) sharing the ``(B, T)`` masks. Segments come from the
    ``post_processor`` (default ``FramesToSegments``).

    Packed batches (several videos per row, ``sequence_ids`` from
    ``dense_collate(pack_length=...)``) are supported when the backbone and the neck take
    ``sequence_ids`` (PAT's ``FineDet`` and ``CoarseDet``): losses are those of the same videos
    one per row, and ``'predict'`` returns one prediction per video, each row in one pass (no
    sliding windows).

    Args:
        backbone (dict): Temporal encoder config.
        head (dict): Frame head config (``loss``, ``predict`` and ``forward``).
        neck (dict, optional): Neck config. Defaults to None.
        test_cfg (dict, optional): Sliding windows and post-processor, see
            :class:`BaseDenseDetector`. Defaults to full videos and ``FramesToSegments``.
        data_preprocessor (dict, optional): See :class:`BaseDenseDetector`.
        init_cfg (dict | list[dict], optional): Initialisation config.
    """

    @property
    def class_projection(self) -> torch.nn.Module:
        """The head's ``C_f -> C`` 1 x 1 class projection (see ``AssistantParadigm``)."""
        return self.head.class_projection

    def predict_tokens(self, inputs, masks, streams) -> list[TokenPrediction]:
        """Per-token probabilities ``(T_b, C)`` of every input."""
        scores = self.head.predict(*self.extract_feat(inputs, masks, streams))  # (B, C, T)
        return [
            TokenPrediction(
                num_tokens=int(mask.sum()),
                num_classes=video_scores.shape[0],
                frame_scores=video_scores[:, mask].t().contiguous(),  # (T_b, C)
            )
            for video_scores, mask in zip(scores, masks)
        ]

    def forward_packed(self, inputs, masks, sequence_ids, data_samples, streams, mode):
        """Losses, per-video predictions or row outputs of packed rows ``(B, C_in, T)``."""
        for part in (self.backbone, self.neck):
            if (
                part is not None
                and 'sequence_ids' not in inspect.signature(part.forward).parameters
            ):
                raise ValueError(
                    f'{type(part).__name__} takes no packed batches (sequence_ids): collate with '
                    'dense_collate'
                )
        feats, masks = self.extract_feat(inputs, masks, streams, sequence_ids)
        if mode == 'loss':
            return self.head.loss(feats, masks, data_samples)
        if mode == 'tensor':
            return self.head(feats, masks)
        scores = self.head.predict(feats, masks)  # (B, C, T)
        predictions = []
        for index in range(len(data_samples)):
            tokens = sequence_ids == index  # (B, T): one run in one row
            row = int(tokens.any(dim=1).int().argmax())
            predictions.append(
                TokenPrediction(
                    num_tokens=int(tokens[row].sum()),
                    num_classes=scores.shape[1],
                    frame_scores=scores[row][:, tokens[row]].t().contiguous(),  # (T_i, C)
                )
            )
        return self.finish_predictions(data_samples, predictions)
