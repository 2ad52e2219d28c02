"""Per-token targets gathered from data samples."""

from collections.abc import Sequence

import torch
from mmaction.structures import ActionDataSample


def stack_frame_labels(data_samples: Sequence[ActionDataSample], num_tokens: int) -> torch.Tensor:
    """Stack every sample's ``gt_frame_labels`` ``(T_i, C)`` into ``(B, C, num_tokens)``.

    Tokens past ``T_i`` (padding) are zero; losses must mask them.
    """
    labels = data_samples[0].gt_frame_labels
    targets = labels.new_zeros(len(data_samples), labels.shape[1], num_tokens)
    for target, sample in zip(targets, data_samples):
        frame_labels = sample.gt_frame_labels
        target[:, : frame_labels.shape[0]] = frame_labels.t()
    return targets
