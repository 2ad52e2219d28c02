"""Per-token targets gathered from data samples."""

from collections.abc import Sequence

import torch
from mmaction.structures import ActionDataSample
from torch import nn


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


def instance_kwargs(loss: nn.Module, data_samples: Sequence[ActionDataSample]) -> dict:
    """``dict(instances=...)`` for a loss that declares ``needs_instances``, else ``{}``.

    A per-token loss that needs the ground-truth instances (e.g.
    :class:`~dad_plugins.models.losses.SensitivityWeightedLoss`) sets the class attribute
    ``needs_instances = True``; the frame heads call it as ``loss(logits, targets, mask=masks,
    **instance_kwargs(loss, data_samples))`` and it gets, per video, ``(token_segments (N, 2),
    labels (N,))`` from ``gt_instances`` (tokens of the sample).
    """
    if not getattr(loss, 'needs_instances', False):
        return {}
    return dict(
        instances=[
            (sample.gt_instances.token_segments, sample.gt_instances.labels)
            for sample in data_samples
        ]
    )
