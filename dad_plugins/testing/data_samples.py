"""Data samples with the ground truth that the data pipelines give a model."""

from collections.abc import Mapping, Sequence

import torch
from mmengine.structures import InstanceData

from dad_plugins.structures import DenseDataSample
from dad_plugins.structures.label_rules import segments_to_frame_labels


def _random_token_segments(
    num_tokens: int, num_instances: int, generator: torch.Generator | None
) -> torch.Tensor:
    """``(M, 2)`` segments in tokens, each at least 2 tokens long (unless the video is shorter)."""
    max_length = max(2.0, num_tokens / 2)
    lengths = 2.0 + torch.rand(num_instances, generator=generator) * (max_length - 2.0)
    starts = torch.rand(num_instances, generator=generator) * (num_tokens - lengths).clamp(min=0)
    return torch.stack([starts, (starts + lengths).clamp(max=num_tokens)], dim=1)


def demo_data_sample(
    num_tokens: int,
    num_classes: int,
    token_segments: Sequence[Sequence[float]] | torch.Tensor | None = None,
    labels: Sequence[int] | torch.Tensor | None = None,
    feature_rate: float = 2.0,
    window_start: int = 0,
    num_sub_classes: Mapping[str, int] | None = None,
    video_id: str = 'video',
    num_instances: int = 3,
    generator: torch.Generator | None = None,
) -> DenseDataSample:
    """One video (or window of a video) as ``PackDenseInputs`` packs it.

    The per-token labels follow the segments with the library's label rule (``'mstct'``).
    Sub-labels (RefDense's entity / motion) map action ``c`` to sub-class ``c mod C_kind``: a
    sub-class is present at a token iff an action mapped to it is.

    Args:
        num_tokens (int): ``T`` of the sample.
        num_classes (int): ``C``.
        token_segments (Sequence | Tensor, optional): ``(M, 2)`` ``[start, end]`` in tokens of
            the sample. Defaults to ``num_instances`` random segments of at least 2 tokens.
        labels (Sequence[int] | Tensor, optional): ``(M,)`` classes of the segments. Defaults to
            random classes.
        feature_rate (float): Tokens per second. Defaults to 2.
        window_start (int): First token of the sample in its video. Defaults to 0.
        num_sub_classes (Mapping[str, int], optional): ``C_kind`` of every sub-label kind, e.g.
            ``dict(entity=7, motion=11)``. Defaults to none.
        video_id (str): Defaults to ``'video'``.
        num_instances (int): ``M`` of the random segments. Defaults to 3.
        generator (torch.Generator, optional): Source of randomness. Defaults to torch's global
            generator.

    Returns:
        DenseDataSample: Metainfo ``video_id``, ``duration`` (seconds of the video up to the
        sample's end), ``feature_rate``, ``num_tokens``, ``window_start``; ``gt_frame_labels``
        ``(T, C)``; ``gt_instances`` with ``segments`` ``(M, 2)`` in seconds of the video,
        ``token_segments`` ``(M, 2)`` and ``labels`` ``(M,)``; ``gt_{kind}_labels``
        ``(T, C_kind)`` for every sub-label kind.
    """
    if token_segments is None:
        token_segments = _random_token_segments(num_tokens, num_instances, generator)
    token_segments = torch.as_tensor(token_segments, dtype=torch.float32).reshape(-1, 2)
    if labels is None:
        labels = torch.randint(num_classes, (len(token_segments),), generator=generator)
    labels = torch.as_tensor(labels, dtype=torch.long).reshape(-1)
    frame_labels = segments_to_frame_labels(
        token_segments.numpy() / feature_rate, labels.numpy(), num_tokens, feature_rate, num_classes
    )
    sample = DenseDataSample()
    sample.set_metainfo(
        dict(
            video_id=video_id,
            duration=(window_start + num_tokens) / feature_rate,
            feature_rate=float(feature_rate),
            num_tokens=num_tokens,
            window_start=window_start,
        )
    )
    sample.gt_frame_labels = torch.from_numpy(frame_labels)  # (T, C)
    sample.gt_instances = InstanceData(
        segments=(token_segments + window_start) / feature_rate,
        token_segments=token_segments,
        labels=labels,
    )
    for kind, num_kind in (num_sub_classes or {}).items():
        mapping = torch.zeros(num_classes, num_kind)
        mapping[torch.arange(num_classes), torch.arange(num_classes) % num_kind] = 1.0
        setattr(sample, f'gt_{kind}_labels', (sample.gt_frame_labels @ mapping).clamp(max=1.0))
    return sample


def demo_data_samples(lengths: Sequence[int], num_classes: int, **kwargs) -> list[DenseDataSample]:
    """One :func:`demo_data_sample` per video of a batch, named ``video0``, ``video1``, ...

    Args:
        lengths (Sequence[int]): ``T_i`` of every video.
        num_classes (int): ``C``.
        **kwargs: Other arguments of :func:`demo_data_sample` (``feature_rate``,
            ``num_sub_classes``, ``num_instances``, ``generator``).

    Returns:
        list[DenseDataSample]: ``B`` data samples.
    """
    return [
        demo_data_sample(length, num_classes, video_id=f'video{index}', **kwargs)
        for index, length in enumerate(lengths)
    ]
