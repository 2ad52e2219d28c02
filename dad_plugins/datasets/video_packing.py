"""Where several short videos go in the rows of a packed batch."""

from collections.abc import Sequence


def pack_videos(lengths: Sequence[int], row_length: int, align: int = 1) -> list[tuple[int, int]]:
    """Place videos in rows: first fit, longest video first.

    Every video starts at a multiple of ``align`` tokens and, unless it starts a row, after at
    least ``align`` padding tokens; it must end within ``row_length`` tokens. With ``align`` the
    largest temporal stride of the model, the strided convolutions and the upsampling of
    Coarse-Det then treat each video as if it were alone (the rule that
    :func:`~dad_plugins.models.layers.check_packed_layout` checks). A video longer than
    ``row_length`` gets a row of its own.

    Args:
        lengths (Sequence[int]): Tokens ``L_i`` of each video.
        row_length (int): Tokens per row.
        align (int): Start alignment and least gap between videos. Defaults to 1.

    Returns:
        list[tuple[int, int]]: ``(row, start)`` of each video, in the order of ``lengths``.
    """
    if row_length < 1 or align < 1:
        raise ValueError(f'row_length and align must be positive, got {row_length} and {align}')
    ends: list[int] = []  # end (exclusive) of the last video of each row
    places = [(0, 0)] * len(lengths)
    for index in sorted(range(len(lengths)), key=lambda i: -lengths[i]):
        length = lengths[index]
        row, start = len(ends), 0
        for candidate, end in enumerate(ends):
            after_gap = -(-end // align) * align + align
            if after_gap + length <= row_length:
                row, start = candidate, after_gap
                break
        else:
            ends.append(0)
        places[index] = (row, start)
        ends[row] = start + length
    return places
