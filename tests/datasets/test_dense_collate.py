import torch
from mmaction.structures import ActionDataSample

from dad_plugins.registry import FUNCTIONS


def item(length, with_stream=True):
    streams = dict(entity=torch.ones(2, length)) if with_stream else {}
    return dict(inputs=torch.ones(3, length), streams=streams, data_samples=ActionDataSample())


def test_pads_to_longest_and_builds_masks():
    collate = FUNCTIONS.get('dense_collate')
    batch = collate([item(5), item(2)])
    assert batch['inputs'].shape == (2, 3, 5) and batch['streams']['entity'].shape == (2, 2, 5)
    assert batch['masks'].tolist() == [[True] * 5, [True, True, False, False, False]]
    assert batch['inputs'][1, :, 2:].abs().sum() == 0 and len(batch['data_samples']) == 2


def test_min_length_and_size_divisor():
    collate = FUNCTIONS.get('dense_collate')
    assert collate([item(3, False)], min_length=8)['inputs'].shape[-1] == 8
    batch = collate([item(9, False)], size_divisor=4)
    assert batch['inputs'].shape[-1] == 12 and batch['masks'].sum() == 9
    assert 'streams' not in batch
