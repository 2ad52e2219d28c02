"""A prediction in tokens of the model input, before it is finished into a data sample."""

from dataclasses import dataclass

import torch
from mmengine.structures import InstanceData


@dataclass
class TokenPrediction:
    """What a detector predicts for one video or window, in tokens of its input.

    A frame-level model fills ``frame_scores``, a segment-level model ``instances``; a
    post-processor (``FramesToSegments``, ``SegmentsToFrames``) derives the other one, and the
    detector then converts times to seconds of the video once
    (:meth:`DenseDataSample.tokens_to_seconds`).

    Args:
        num_tokens (int): Valid tokens ``T`` of the input.
        num_classes (int): ``C``.
        frame_scores (Tensor, optional): ``(T, C)`` probabilities.
        instances (InstanceData, optional): ``segments (N, 2)`` in tokens (token ``t`` spans
            ``[t, t + 1)``), ``labels (N,)``, ``scores (N,)``.
        layer_instances (list[InstanceData], optional): Detections of every decoder layer, in
            the form of ``instances`` (the last one is the model's output), for a detector asked
            to decode them all (DualDETR Fig. 5); left alone by the post-processors.
    """

    num_tokens: int
    num_classes: int
    frame_scores: torch.Tensor | None = None
    instances: InstanceData | None = None
    layer_instances: list[InstanceData] | None = None
