"""Registered post-processor: per-token class scores -> segment detections."""

from typing import Literal

import torch
from mmengine.structures import InstanceData

from dad_plugins.registry import TASK_UTILS

from ..frame_segment_conversion import frames_to_segments
from ..token_prediction import TokenPrediction


@TASK_UTILS.register_module()
class FramesToSegments:
    """Derive segment detections from a frame-level model's per-token scores.

    Wraps :func:`dad_plugins.structures.frames_to_segments`: per class, runs of consecutive tokens
    with ``score >= threshold`` become segments scored by the run's mean or max score. Chosen by
    a detector's ``test_cfg.post_processor``.

    Args:
        threshold (float): Token score at or above which a token is inside a segment.
            Defaults to 0.5.
        min_length (int): Minimum segment length in tokens. Defaults to 1.
        score_rule (str): ``'mean'`` (default) or ``'max'`` of the run's token scores.
        max_per_video (int, optional): Keep only the highest-scoring segments. ``None`` = all.
    """

    def __init__(
        self,
        threshold: float = 0.5,
        min_length: int = 1,
        score_rule: Literal['mean', 'max'] = 'mean',
        max_per_video: int | None = None,
    ) -> None:
        if score_rule not in ('mean', 'max'):
            raise ValueError(
                f"FramesToSegments: score_rule must be 'mean' or 'max': {score_rule!r}"
            )
        self.threshold = threshold
        self.min_length = min_length
        self.score_rule = score_rule
        self.max_per_video = max_per_video

    def __call__(self, prediction: TokenPrediction) -> TokenPrediction:
        """Fill ``prediction.instances`` from ``prediction.frame_scores``.

        Returns:
            TokenPrediction: With ``instances``: ``segments (N, 2)`` in tokens (``scores``'
            dtype), ``labels (N,)`` long and ``scores (N,)``, by descending score.
        """
        scores = prediction.frame_scores
        if scores is None:
            raise ValueError('FramesToSegments needs per-token scores: the model predicts none')
        detections = frames_to_segments(
            scores, threshold=self.threshold, min_length=self.min_length, score_rule=self.score_rule
        )  # (N, 4) numpy, tokens
        detections = torch.from_numpy(detections).to(device=scores.device)
        order = torch.argsort(detections[:, 3], descending=True, stable=True)[: self.max_per_video]
        detections = detections[order]
        prediction.instances = InstanceData(
            segments=detections[:, :2].to(scores.dtype),
            labels=detections[:, 2].long(),
            scores=detections[:, 3].to(scores.dtype),
        )
        return prediction
