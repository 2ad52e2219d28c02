"""The one rule that turns segments in seconds into per-token multi-hot labels.

A video of ``duration`` seconds has ``T`` feature tokens, so its feature rate is
``r = T / duration`` tokens per second and token ``t`` sits at time ``t / r``. Every reader,
transform and metric of the library builds labels with :func:`segments_to_frame_labels`:

- ``'mstct'`` (default, MS-TCT / PAT): ``y[t, c] = 1`` iff ``start < t / r < end`` (strict).
- ``'mlad'``: ``start <= t / r <= end`` (inclusive).
- ``'pointtad'``: tokens ``floor(start * r) ... floor(end * r)`` inclusive (PointTAD's
  ``int(start * fps) // stride`` with ``r = fps / stride``).

Tokens outside ``[0, T)`` are ignored, so segments past the video's end are clipped.
"""

import numpy as np

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
    token_times = np.arange(num_tokens, dtype=np.float64) / feature_rate  # (T,)
    starts, ends = segments[:, 0:1], segments[:, 1:2]  # (M, 1)
    if rule == 'mstct':
        inside = (token_times > starts) & (token_times < ends)  # (M, T)
    elif rule == 'mlad':
        inside = (token_times >= starts) & (token_times <= ends)
    else:
        token_ids = np.arange(num_tokens)
        first = np.floor(starts * feature_rate)
        last = np.floor(ends * feature_rate)
        inside = (token_ids >= first) & (token_ids <= last)
    segment_ids, token_ids = np.nonzero(inside)
    frame_labels[token_ids, labels[segment_ids]] = 1.0
    return frame_labels
