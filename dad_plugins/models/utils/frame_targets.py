"""Per-token targets gathered from data samples."""

from collections.abc import Sequence

import torch
from mmaction.structures import ActionDataSample


def stack_frame_labels(
    data_samples: Sequence[ActionDataSample], num_tokens: int, field: str = 'gt_frame_labels'
) -> torch.Tensor:
    """Stack every sample's per-token labels ``(T_i, C)`` into ``(B, C, num_tokens)``.

    ``field`` names the labels (``'gt_frame_labels'``, or a sub-label field such as
    ``'gt_entity_labels'``). Tokens past ``T_i`` (padding) are zero; losses must mask them.
    """
    if field not in data_samples[0]:
        raise KeyError(f'data samples have no {field!r}; the data pipeline must produce it')
    labels = data_samples[0].get(field)
    targets = labels.new_zeros(len(data_samples), labels.shape[1], num_tokens)
    for target, sample in zip(targets, data_samples):
        frame_labels = sample.get(field)
        target[:, : frame_labels.shape[0]] = frame_labels.t()
    return targets
