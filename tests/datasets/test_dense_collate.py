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


def test_packing_places_videos_in_rows_with_ids_and_metainfo():
    collate = FUNCTIONS.get('dense_collate')
    lengths = (5, 2, 9, 3)
    items = [item(n) for n in lengths]
    for index, entry in enumerate(items):
        entry['inputs'] = entry['inputs'] * (index + 1)
    batch = collate(items, pack_length=16, pack_align=4)
    # Longest first: 9 at 0 of row 0; 5 at 0 of row 1 (after 9 the next start is 12 + 4 = 16);
    # 3 at 12 of row 1 (5 rounds up to 8, + 4); 2 at 0 of row 2.
    ids = batch['sequence_ids']
    assert ids.shape == batch['masks'].shape == batch['inputs'].shape[::2]
    assert torch.equal(batch['masks'], ids >= 0)
    for index, (entry, n) in enumerate(zip(items, lengths)):
        sample = batch['data_samples'][index]
        row, start = sample.packed_row, sample.packed_start
        assert start % 4 == 0 and (ids[row] == index).sum() == n
        assert ids[row, start : start + n].eq(index).all()
        assert torch.equal(batch['inputs'][row, :, start : start + n], entry['inputs'])
        assert torch.equal(batch['streams']['entity'][row, :, start : start + n], torch.ones(2, n))
        # At least pack_align padding tokens before a video that does not start its row.
        assert start == 0 or (ids[row, start - 4 : start] == -1).all()
    assert [s.packed_row for s in batch['data_samples']] == [1, 2, 0, 1]
    assert batch['inputs'].shape[:2] == (3, 3) and batch['inputs'].shape[-1] == 15
    assert batch['inputs'][~batch['masks'][:, None].expand_as(batch['inputs'])].abs().sum() == 0


def test_pack_videos_first_fit_longest_first():
    from dad_plugins.datasets import pack_videos

    # 7 -> row 0 at 0; 6 -> row 0 at 12 (7 rounded up to 8, + 4) would end at 18 > 16: row 1;
    # 2 -> row 0 at 12; 1 -> row 1 at 12.
    assert pack_videos([2, 7, 1, 6], row_length=16, align=4) == [(0, 12), (0, 0), (1, 12), (1, 0)]
    assert pack_videos([20, 3], row_length=16) == [(0, 0), (1, 0)]  # too long: a row of its own
    assert pack_videos([3, 3, 3], row_length=16) == [(0, 0), (0, 4), (0, 8)]  # align 1: gap of 1
