"""The one rule that turns segments in seconds into per-token multi-hot labels.

A video of ``duration`` seconds has ``T`` feature tokens, so its feature rate is
``r = T / duration`` tokens per second. Token ``t`` covers ``[t / r, (t + 1) / r)`` seconds (the
convention of :mod:`~dad_plugins.structures.token_times`) and the rules test it at its start,
``t / r``. Every reader, transform and metric of the library builds labels with
:func:`segments_to_frame_labels`:

- ``'mstct'`` (default, MS-TCT / PAT): ``y[t, c] = 1`` iff ``start < t / r < end`` (strict).
- ``'mlad'``: ``start <= t / r <= end`` (inclusive).
- ``'pointtad'``: tokens ``floor(start * r) ... floor(end * r)`` inclusive, i.e. the tokens whose
  intervals contain the start, the end and every time between (PointTAD's
  ``int(start * fps) // stride`` with ``r = fps / stride``).

Tokens outside ``[0, T)`` are ignored, so segments past the video's end are clipped.
"""

import numpy as np

from .token_times import seconds_to_tokens, token_to_seconds

LABEL_RULES = ('mstct', 'mlad', 'pointtad')


def segments_to_frame_labels(
    segments: np.ndarray,
    labels: np.ndarray,
    num_tokens: int,
    feature_rate: float,
    num_classes: int,
    rule: str = 'mstct',
) -> np.ndarray:
    """Per-token multi-hot labels from segments in seconds.

    Time convention: token ``t`` covers ``[t / r, (t + 1) / r)`` seconds; ``'mstct'`` and
    ``'mlad'`` compare its start ``t / r`` with the segment, ``'pointtad'`` takes the tokens
    containing the segment's start and end (``floor(s * r)``) and all between.

    Args:
        segments (np.ndarray): ``(M, 2)`` ``[start_s, end_s]``.
        labels (np.ndarray): ``(M,)`` class indices in ``[0, num_classes)``.
        num_tokens (int): ``T``, number of feature tokens of the video.
        feature_rate (float): ``r``, tokens per second.
        num_classes (int): ``C``.
        rule (str): One of ``'mstct'``, ``'mlad'``, ``'pointtad'``. Defaults to ``'mstct'``.

    Returns:
        np.ndarray: ``(T, C)`` float32 multi-hot labels.
    """
    if rule not in LABEL_RULES:
        raise ValueError(f'Unknown label rule {rule!r}; expected one of {LABEL_RULES}')
    frame_labels = np.zeros((num_tokens, num_classes), dtype=np.float32)
    segments = np.asarray(segments, dtype=np.float64).reshape(-1, 2)
    labels = np.asarray(labels, dtype=np.int64).reshape(-1)
    if len(segments) == 0:
        return frame_labels
    starts, ends = segments[:, 0:1], segments[:, 1:2]  # (M, 1)
    if rule == 'pointtad':
        token_ids = np.arange(num_tokens)  # (T,)
        first = np.floor(seconds_to_tokens(starts, feature_rate))  # (M, 1)
        last = np.floor(seconds_to_tokens(ends, feature_rate))  # (M, 1)
        inside = (token_ids >= first) & (token_ids <= last)  # (M, T)
    else:
        token_starts = token_to_seconds(np.arange(num_tokens, dtype=np.float64), feature_rate)
        if rule == 'mstct':
            inside = (token_starts > starts) & (token_starts < ends)  # (M, T)
        else:
            inside = (token_starts >= starts) & (token_starts <= ends)  # (M, T)
    segment_ids, token_ids = np.nonzero(inside)
    frame_labels[token_ids, labels[segment_ids]] = 1.0
    return frame_labels
