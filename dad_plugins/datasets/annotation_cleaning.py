"""The policy for the dirt that real annotation files carry.

Real files are not clean (Charades has reversed segments and segments past the video's end,
MultiTHUMOS zero-length segments; both have videos without actions). Each fault has one fate:

==========================  ===========================================  ==========
fault                       default                                      ``strict``
==========================  ===========================================  ==========
end before start            segment skipped                              error
zero length                 segment skipped                              error
starts at/after video end   segment skipped                              error
ends at/before 0            segment skipped                              error
starts before 0             start clipped to 0                           error
ends past video end         end clipped to the duration                  error
video without actions       kept (all its tokens are negatives)          kept
==========================  ===========================================  ==========

The non-strict policy issues one :class:`AnnotationWarning` per file that counts each fault.
"""

import warnings
from collections import Counter
from pathlib import Path

import numpy as np

from dad_plugins.utils.input_errors import AnnotationError

from .annotation_readers import VideoAnnotation

_SKIPPED = {
    'reversed': 'with end before start',
    'zero_length': 'of zero length',
    'after_end': 'starting at or after the video end',
    'before_video': 'ending at or before 0',
}
_CLIPPED = {'before_start': 'starting before 0', 'past_end': 'ending past the video end'}


class AnnotationWarning(UserWarning):
    """Dirty annotations that were repaired or skipped by the documented policy."""


def clean_annotations(
    videos: list[VideoAnnotation], path: str | Path, strict: bool = False
) -> Counter:
    """Apply the policy in place to every video's segments.

    Args:
        videos (list[VideoAnnotation]): Output of a reader; segments are modified in place.
        path (str | Path): The annotation file, for messages.
        strict (bool): Raise :class:`AnnotationError` on the first fault instead of repairing.
            Defaults to False.

    Returns:
        Counter: Number of segments per fault, plus ``'no_actions'`` videos.
    """
    counts: Counter = Counter()
    for video in videos:
        starts, ends = video.segments[:, 0], video.segments[:, 1]
        faults = {
            'reversed': ends < starts,
            'zero_length': ends == starts,
            'after_end': (starts >= video.duration) & (ends > starts),
            'before_video': (ends <= 0) & (ends > starts),
            'before_start': (starts < 0) & (ends > 0),
            'past_end': (ends > video.duration) & (starts < video.duration),
        }
        if strict:
            for name, hit in faults.items():
                if hit.any():
                    i = int(np.argmax(hit))
                    reason = _SKIPPED.get(name) or _CLIPPED[name]
                    raise AnnotationError(
                        path,
                        f'segment {video.segments[i].tolist()} {reason} '
                        f'(duration {video.duration}); strict=True forbids it',
                        video.video_id,
                        f'segments[{i}]',
                    )
        counts.update({name: int(hit.sum()) for name, hit in faults.items()})
        keep = ~(
            faults['reversed']
            | faults['zero_length']
            | faults['after_end']
            | faults['before_video']
        )
        video.segments = np.clip(video.segments[keep], 0.0, video.duration)
        video.labels = video.labels[keep]
        counts['no_actions'] += int(len(video.labels) == 0)
    _warn(counts, path)
    return counts


def _warn(counts: Counter, path: str | Path) -> None:
    parts = [
        f'{counts[name]} segments {reason} skipped'
        for name, reason in _SKIPPED.items()
        if counts[name]
    ]
    parts += [
        f'{counts[name]} segments {reason} clipped'
        for name, reason in _CLIPPED.items()
        if counts[name]
    ]
    if parts:
        warnings.warn(
            f'{path}: {"; ".join(parts)} ({counts["no_actions"]} videos without actions kept; '
            'strict=True turns these into errors)',
            AnnotationWarning,
            stacklevel=3,
        )
