"""Reading the dense-detection data-sample contract inside ``BaseMetric.process``.

Every metric receives, per video, a dict (``BaseDataElement.to_dict()``) or a data element with:
``video_id`` (str), ``duration`` (float s), ``feature_rate`` (float tokens/s), ``num_tokens``
(int), ``pred_frame_scores`` (``(T, C)`` probabilities), ``gt_frame_labels`` (``(T, C)``
multi-hot), ``pred_instances`` (``segments (N, 2)`` s, ``labels (N,)``, ``scores (N,)``) and
``gt_instances`` (``segments (M, 2)`` s, ``labels (M,)``).
"""

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import torch


def get_field(container: Any, key: str) -> Any:
    """Read ``key`` from a dict or an attribute-style data element."""
    if isinstance(container, Mapping):
        return container[key]
    return getattr(container, key)


def to_numpy(value: Any) -> np.ndarray:
    """Return ``value`` as a NumPy array (tensors are detached and moved to the CPU)."""
    if isinstance(value, torch.Tensor):
        return value.detach().cpu().numpy()
    return np.asarray(value)


def frame_scores(data_sample: Any) -> np.ndarray:
    """Per-token scores ``(T, C)`` of one video, cut to its ``num_tokens`` valid tokens."""
    num_tokens = int(get_field(data_sample, 'num_tokens'))
    return to_numpy(get_field(data_sample, 'pred_frame_scores'))[:num_tokens]


def frame_labels(data_sample: Any) -> np.ndarray:
    """Boolean per-token labels ``(T, C)`` of one video, cut to its ``num_tokens`` valid tokens."""
    num_tokens = int(get_field(data_sample, 'num_tokens'))
    return to_numpy(get_field(data_sample, 'gt_frame_labels'))[:num_tokens].astype(bool)


def frame_result(data_sample: Any) -> dict:
    """``video_id``, valid ``scores (T, C)`` and ``labels (T, C)`` of one video."""
    return dict(
        video_id=get_field(data_sample, 'video_id'),
        scores=frame_scores(data_sample),
        labels=frame_labels(data_sample),
    )


def detection_array(data_sample: Any) -> np.ndarray:
    """``pred_instances`` of one video as ``(N, 4)`` rows ``[start_s, end_s, class, score]``."""
    instances = get_field(data_sample, 'pred_instances')
    segments = to_numpy(get_field(instances, 'segments')).reshape(-1, 2)
    labels = to_numpy(get_field(instances, 'labels')).reshape(-1, 1)
    scores = to_numpy(get_field(instances, 'scores')).reshape(-1, 1)
    return np.concatenate([segments, labels, scores], axis=1).astype(np.float64)


def ground_truth_array(data_sample: Any) -> np.ndarray:
    """``gt_instances`` of one video as ``(M, 3)`` rows ``[start_s, end_s, class]``."""
    instances = get_field(data_sample, 'gt_instances')
    segments = to_numpy(get_field(instances, 'segments')).reshape(-1, 2)
    labels = to_numpy(get_field(instances, 'labels')).reshape(-1, 1)
    return np.concatenate([segments, labels], axis=1).astype(np.float64)


def unique_videos(results: Sequence[dict]) -> list[dict]:
    """Keep the first result of each ``video_id``.

    A video is normally seen once; a distributed sampler that pads the last batch, or an evaluator
    run twice over the same split, could repeat one, which would count its tokens twice.
    """
    first = {}
    for result in results:
        first.setdefault(result['video_id'], result)
    return list(first.values())
