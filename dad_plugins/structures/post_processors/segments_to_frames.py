"""Registered post-processor: segment detections -> per-token class scores."""

from typing import Literal

import torch

from dad_plugins.registry import TASK_UTILS

from ..frame_segment_conversion import segments_to_frames
from ..token_prediction import TokenPrediction


@TASK_UTILS.register_module()
class SegmentsToFrames:
    """Derive per-token scores from a segment-level model's detections.

    Wraps :func:`dad_plugins.structures.segments_to_frames`, so that per-frame and segmentation
    metrics apply to segment detectors. ``'max'``: a token's score for a class is the highest
    score of that class's detections covering it. ``'gaussian'``: PointTAD's
    segmentation-mAP protocol. Chosen by a detector's ``test_cfg.post_processor``.

    Args:
        mode (str): ``'max'`` (default) or ``'gaussian'``.
        score_threshold (float): Detections scoring at or below it paint nothing. Defaults to
            0.01 (the PointTAD protocol's threshold).
        sigma (float): Gaussian standard deviation in tokens (``'gaussian'``). Defaults to 3.
        gain (float): Gaussian gain (``'gaussian'``). Defaults to 5.
    """

    def __init__(
        self,
        mode: Literal['max', 'gaussian'] = 'max',
        score_threshold: float = 0.01,
        sigma: float = 3.0,
        gain: float = 5.0,
    ) -> None:
        if mode not in ('max', 'gaussian'):
            raise ValueError(f"SegmentsToFrames: mode must be 'max' or 'gaussian', got {mode!r}")
        self.options = dict(mode=mode, score_threshold=score_threshold, sigma=sigma, gain=gain)

    def __call__(self, prediction: TokenPrediction) -> TokenPrediction:
        """Fill ``prediction.frame_scores`` ``(T, C)`` from ``prediction.instances``."""
        instances = prediction.instances
        if instances is None:
            raise ValueError('SegmentsToFrames needs segment detections: the model predicts none')
        detections = torch.cat(
            [
                instances.segments,
                instances.labels[:, None].to(instances.segments),
                instances.scores[:, None].to(instances.segments),
            ],
            dim=1,
        )  # (N, 4) in tokens
        frames = segments_to_frames(
            detections, prediction.num_tokens, prediction.num_classes, 1.0, **self.options
        )  # (T, C) numpy
        prediction.frame_scores = torch.as_tensor(
            frames, dtype=instances.scores.dtype, device=instances.scores.device
        )
        return prediction
