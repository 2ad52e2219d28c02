"""Where the sliding windows over a video of tokens start, in training and at inference."""

from dad_plugins.utils.input_errors import ConfigError


def check_window(window_size: int, stride: int) -> None:
    """Refuse windows that are empty or leave tokens between them unscored."""
    if window_size < 1 or stride < 1:
        raise ConfigError(f'window_size and stride must be positive, got {window_size}, {stride}')
    if stride > window_size:
        raise ConfigError(
            f'window_stride {stride} > window_size {window_size} would leave tokens unscored'
        )


def sliding_window_starts(num_tokens: int, window_size: int, stride: int) -> list[int]:
    """First token of every window; the last window ends at ``num_tokens``.

    Args:
        num_tokens (int): ``T``.
        window_size (int): ``W``.
        stride (int): Step between window starts, at most ``W`` (no token left uncovered).

    Returns:
        list[int]: Starts; ``[0]`` when ``T <= W``.
    """
    check_window(window_size, stride)
    if num_tokens <= window_size:
        return [0]
    starts = list(range(0, num_tokens - window_size + 1, stride))
    if starts[-1] + window_size < num_tokens:
        starts.append(num_tokens - window_size)
    return starts
