import math

import pytest
from mmengine.dataset import DefaultSampler

from dad_plugins.registry import DATA_SAMPLERS


class Durations:
    """A dataset that knows only the duration of its videos."""

    def __init__(self, durations):
        self.durations = durations

    def __len__(self):
        return len(self.durations)

    def get_data_info(self, index):
        return dict(duration=self.durations[index])


DURATIONS = [float((7 * i) % 23 + 1) for i in range(23)]


def build(batch_size=4, seed=0, **kwargs):
    sampler = DefaultSampler(Durations(DURATIONS), shuffle=True, seed=seed)
    return DATA_SAMPLERS.build(
        dict(type='LengthGroupedBatchSampler', **kwargs),
        default_args=dict(sampler=sampler, batch_size=batch_size),
    )


def test_every_video_once_per_epoch_in_as_many_batches_as_without_grouping():
    batch_sampler = build(pool_batches=2)
    batches = list(batch_sampler)
    assert len(batches) == len(batch_sampler) == math.ceil(len(DURATIONS) / 4)
    assert sorted(i for batch in batches for i in batch) == list(range(len(DURATIONS)))
    assert sorted(len(batch) for batch in batches) == [3] + [4] * 5


def padded_duration(batches):
    return sum(len(batch) * max(DURATIONS[i] for i in batch) for batch in batches)


def test_a_pool_is_cut_into_batches_of_neighbouring_durations():
    batch_sampler = build(pool_batches=100)  # one pool: the whole epoch
    batches = list(batch_sampler)
    spans = sorted((min(DURATIONS[i] for i in b), max(DURATIONS[i] for i in b)) for b in batches)
    assert all(high <= next_low for (_, high), (next_low, _) in zip(spans, spans[1:]))
    indices = list(batch_sampler.sampler)
    plain = [indices[i : i + 4] for i in range(0, len(indices), 4)]
    assert padded_duration(batches) < 0.8 * padded_duration(plain)


def test_the_order_follows_seed_and_epoch():
    assert list(build(seed=1)) == list(build(seed=1))
    batch_sampler = build(seed=1)
    first = list(batch_sampler)
    batch_sampler.sampler.set_epoch(1)
    assert list(batch_sampler) != first


def test_drop_last_drops_the_incomplete_batch():
    batches = list(build(drop_last=True, pool_batches=2))
    assert len(batches) == len(DURATIONS) // 4
    assert all(len(batch) == 4 for batch in batches)


def test_pool_batches_must_be_positive():
    with pytest.raises(ValueError, match='pool_batches'):
        build(pool_batches=0)
