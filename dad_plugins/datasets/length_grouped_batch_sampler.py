"""Batches of videos of similar duration, so that a batch pads little."""

from collections.abc import Iterator

import torch
from torch.utils.data import BatchSampler, Sampler

from dad_plugins.registry import DATA_SAMPLERS


@DATA_SAMPLERS.register_module()
class LengthGroupedBatchSampler(BatchSampler):
    """Group the indices of ``sampler`` into batches of videos of similar duration.

    The collate pads a batch to its longest video, and every padded token costs as much compute
    as a real one. Charades videos are mostly shorter than PAT's 256-token window, so random
    batches are mostly padding. This sampler takes the (shuffled, per-rank) indices of
    ``sampler`` in pools of ``pool_batches * batch_size``, sorts each pool by video duration,
    cuts it into batches and yields the batches of the pool in a random order (seeded by the
    sampler's ``seed`` and ``epoch``, so that runs repeat). Every video is seen once per epoch,
    as with the plain batch sampler, and there are as many batches: ``ceil(N / batch_size)``
    (``floor`` with ``drop_last``).

    Use it with a collate that pads to the longest video of the batch (``dense_collate`` with
    its default ``min_length=1``)::

        train_dataloader = dict(
            batch_sampler=dict(type='LengthGroupedBatchSampler'),
            collate_fn=dict(type='dad_plugins.datasets.dense_collate'),
        )

    Args:
        sampler (Sampler): Sampler of the indices, e.g. mmengine's ``DefaultSampler``; its
            ``dataset`` gives the ``duration`` of each video.
        batch_size (int): Videos per batch (the data loader's ``batch_size``).
        drop_last (bool): Drop the last, incomplete batch. Defaults to False.
        pool_batches (int): Batches per sorted pool: larger pools pad less, smaller ones keep
            batches more random. Defaults to 50.
    """

    def __init__(
        self, sampler: Sampler, batch_size: int, drop_last: bool = False, pool_batches: int = 50
    ) -> None:
        super().__init__(sampler, batch_size, drop_last)
        if pool_batches < 1:
            raise ValueError(f'pool_batches must be positive, got {pool_batches}')
        self.pool_batches = pool_batches
        dataset = sampler.dataset
        self.durations = [dataset.get_data_info(i)['duration'] for i in range(len(dataset))]

    def __iter__(self) -> Iterator[list[int]]:
        seed = getattr(self.sampler, 'seed', 0) + getattr(self.sampler, 'epoch', 0)
        generator = torch.Generator().manual_seed(seed)
        indices = list(self.sampler)
        if self.drop_last:
            indices = indices[: len(indices) // self.batch_size * self.batch_size]
        pool_size = self.pool_batches * self.batch_size
        for start in range(0, len(indices), pool_size):
            pool = sorted(indices[start : start + pool_size], key=self.durations.__getitem__)
            batches = [pool[i : i + self.batch_size] for i in range(0, len(pool), self.batch_size)]
            for order in torch.randperm(len(batches), generator=generator).tolist():
                yield batches[order]
