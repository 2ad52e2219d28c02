import pytest

from dad_plugins.structures import sliding_window_starts


def test_window_starts_cover_the_end():
    assert sliding_window_starts(5, 8, 4) == [0]
    assert sliding_window_starts(10, 4, 4) == [0, 4, 6]
    assert sliding_window_starts(12, 4, 2) == [0, 2, 4, 6, 8]
    with pytest.raises(ValueError, match='positive'):
        sliding_window_starts(10, 0, 1)
    with pytest.raises(ValueError, match='unscored'):
        sliding_window_starts(10, 4, 5)
