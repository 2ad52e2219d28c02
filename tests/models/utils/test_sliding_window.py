import pytest
import torch

from dad_plugins.models.utils import sliding_window_starts, split_windows, stitch_windows


def test_window_starts_cover_the_end():
    assert sliding_window_starts(5, 8, 4) == [0]
    assert sliding_window_starts(10, 4, 4) == [0, 4, 6]
    assert sliding_window_starts(12, 4, 2) == [0, 2, 4, 6, 8]
    with pytest.raises(ValueError):
        sliding_window_starts(10, 0, 1)


def test_split_then_stitch_recovers_per_token_values_and_averages_overlaps():
    # Scores equal to a function of the absolute token position survive split + stitch.
    x = torch.arange(11.0).repeat(2, 1, 1)  # (B=2, D=1, T=11)
    masks = torch.ones(2, 11, dtype=torch.bool)
    masks[1, 7:] = False
    starts = sliding_window_starts(11, 4, 3)
    windows, window_masks = split_windows(x, masks, starts, 4)
    assert windows.shape == (len(starts) * 2, 1, 4)
    stitched = stitch_windows(windows, window_masks, starts, 11)
    torch.testing.assert_close(stitched[0, 0], torch.arange(11.0))
    torch.testing.assert_close(stitched[1, 0, :7], torch.arange(7.0))
    assert stitched[1, 0, 7:].abs().sum() == 0
    # Overlapping windows with different values are averaged.
    offsets = torch.arange(len(starts) * 2, dtype=torch.float).view(-1, 1, 1)
    averaged = stitch_windows(windows * 0 + offsets, window_masks, starts, 11)
    # Token 3 is covered by windows 0 (start 0) and 1 (start 3): video 0 rows 0 and 2.
    assert averaged[0, 0, 3].item() == pytest.approx((0 + 2) / 2)
