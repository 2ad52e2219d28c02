"""Charades label statistics that the synthetic generator reproduces, and the same statistics
measured on generated annotations.

Label statistics were measured on the Charades annotations (``charades.json`` in the MS-TCT/PAT
form: 9,848 videos, 157 classes, 66,500 segments; tokens at r = 3 per second, labelled with the
library's ``'mstct'`` rule, segments clipped to the video):

==========================================  ==============================================
video duration (s)                          mean 29.66, std 9.18; quantiles in
                                            ``CHARADES_DURATION_QUANTILES`` (median 30.54)
segments per video                          mean 6.75, std 3.54; counts in
                                            ``CHARADES_SEGMENTS_PER_VIDEO_COUNTS``
videos with no actions                      2.26 % (223)
segment duration / video duration           mean 0.427, median 0.315, 13.1 % above 0.9;
                                            histogram in ``CHARADES_RELATIVE_DURATION_COUNTS``
segment duration (s)                        mean 12.5, median 8.6
distinct classes per video                  6.60 (1.02 instances per class and video)
segments overlapping another segment        98.7 %
videos with a >= 1 s background stretch     36 % of the videos with actions
tokens with at least one action             ``CHARADES_ACTIVE_TOKEN_FRACTION`` = 0.889
labels per token                            ``CHARADES_MEAN_LABELS_PER_TOKEN`` = 2.80
                                            (3.15 per token with at least one action)
==========================================  ==============================================

The generator samples video durations, segments per video and relative segment durations from these
tables; the last two rows are what the generated data should land near. Nothing is read from the
Charades files at run time.
"""

import numpy as np

from dad_plugins.structures.label_rules import segments_to_frame_labels

#: ``(probability, seconds)`` quantiles of Charades video durations; tails clipped to 1 % / 99 %.
CHARADES_DURATION_QUANTILES = (
    (0.01, 7.10), (0.05, 15.04), (0.10, 19.20), (0.20, 24.88), (0.30, 28.42), (0.40, 30.04),
    (0.50, 30.54), (0.60, 30.96), (0.70, 31.67), (0.80, 33.06), (0.90, 36.46), (0.95, 40.96),
    (0.99, 56.48),
)  # fmt: skip
CHARADES_MEAN_DURATION = 29.66
#: Number of Charades videos with n = 0, 1, ..., 19 segments; the last entry counts n >= 20.
CHARADES_SEGMENTS_PER_VIDEO_COUNTS = (
    223, 107, 398, 813, 1157, 1368, 1145, 1118, 926, 683,
    545, 416, 281, 215, 142, 112, 60, 45, 31, 24, 39,
)  # fmt: skip
#: Charades segments per bin of (end - start) / duration, ten bins of width 0.1 over [0, 1].
CHARADES_RELATIVE_DURATION_COUNTS = (1346, 15353, 14977, 8248, 5683, 4283, 3279, 2511, 2127, 8686)
CHARADES_ACTIVE_TOKEN_FRACTION = 0.889
CHARADES_MEAN_LABELS_PER_TOKEN = 2.80


def label_statistics(annotations: dict, feature_rate: float, num_classes: int) -> dict:
    """The Charades-comparable statistics of generated annotations (``'mstct'`` label rule)."""
    num_videos = max(len(annotations), 1)
    num_tokens, active_tokens, num_labels = 0, 0, 0.0
    for video in annotations.values():
        tokens = max(1, round(video['duration'] * feature_rate))
        actions = np.array(video['actions'], dtype=np.float64).reshape(-1, 3)
        labels = segments_to_frame_labels(
            actions[:, 1:],
            actions[:, 0].astype(np.int64),
            tokens,
            tokens / video['duration'],
            num_classes,
        )  # (T, C)
        num_tokens += tokens
        active_tokens += int(labels.any(axis=1).sum())
        num_labels += float(labels.sum())
    return {
        'mean_duration': sum(v['duration'] for v in annotations.values()) / num_videos,
        'segments_per_video': sum(len(v['actions']) for v in annotations.values()) / num_videos,
        'empty_video_fraction': sum(not v['actions'] for v in annotations.values()) / num_videos,
        'active_token_fraction': active_tokens / max(num_tokens, 1),
        'mean_labels_per_token': num_labels / max(num_tokens, 1),
    }
