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
    Samples of a packed batch (metainfo ``packed_row``, ``packed_start``; see
    ``dense_collate(pack_length=...)``) put their labels at their place in the rows, ``B``
    being the number of rows.
    """
    if field not in data_samples[0]:
        raise KeyError(f'data samples have no {field!r}; the data pipeline must produce it')
    labels = data_samples[0].get(field)
    places = [packed_place(sample) or (row, 0) for row, sample in enumerate(data_samples)]
    num_rows = 1 + max(row for row, _ in places)
    targets = labels.new_zeros(num_rows, labels.shape[1], num_tokens)
    for (row, start), sample in zip(places, data_samples):
        frame_labels = sample.get(field)
        targets[row, :, start : start + frame_labels.shape[0]] = frame_labels.t()
    return targets


def packed_place(sample: ActionDataSample) -> tuple[int, int] | None:
    """``(row, first token)`` of a sample in a packed batch, or None when not packed."""
    if 'packed_row' not in sample.metainfo:
        return None
    return sample.metainfo['packed_row'], sample.metainfo['packed_start']


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
    if packed_place(data_samples[0]) is not None:
        raise ValueError(f'{type(loss).__name__} takes no packed batches: use dense_collate')
    return dict(
        instances=[
            (sample.gt_instances.token_segments, sample.gt_instances.labels)
            for sample in data_samples
        ]
    )
