"""Average precision of every class from dumped predictions (``--per-class`` of the tools)."""

import csv
import io

import numpy as np

from .format_table import format_table
from .functional import detection_map, frame_map, segmentation_map
from .metrics.data_sample_utils import (
    detection_array,
    frame_labels,
    frame_scores,
    ground_truth_array,
    unique_videos,
)

#: The registered metrics whose AP is reported per class, and the column of each.
PER_CLASS_COLUMNS = dict(FrameMAP='frame_AP', DetectionMAP='det_AP', SegmentationMAP='seg_AP')


def per_class_rows(records: list[dict], metrics: list, names: list[str] | None) -> list[list]:
    """One row per class: index, name and the AP of each frame / det / seg metric.

    Args:
        records (list[dict]): Dump records (``DumpPredictions``) with ground truth.
        metrics (list): Built metrics; those of :data:`PER_CLASS_COLUMNS` give a column each,
            computed with their settings by the functions their ``compute_metrics`` calls
            (detection AP averaged over the tIoU thresholds).
        names (list[str], optional): Class names; ``class_<i>`` where missing.

    Returns:
        list[list]: The header ``['class', 'name', <columns>]`` and one row per class, the AP
        as text with 6 decimals, empty for a class without ground truth.
    """
    records = unique_videos(records)
    num_classes = records[0]['pred_frame_scores'].shape[1]
    columns = {}
    for metric in metrics:
        kind = type(metric).__name__
        if kind == 'FrameMAP':
            output = frame_map(
                [frame_scores(r) for r in records],
                [frame_labels(r) for r in records],
                average=metric.average,
                sample=metric.sample,
            )
            columns['frame_AP'] = output['per_class_ap']
        elif kind == 'DetectionMAP':
            output = detection_map(
                {r['video_id']: detection_array(r) for r in records},
                {r['video_id']: ground_truth_array(r) for r in records},
                tious=metric.tious,
                num_classes=num_classes,
            )
            columns['det_AP'] = output['per_class_ap'].mean(axis=0)  # over tIoU thresholds
        elif kind == 'SegmentationMAP':
            output = segmentation_map(
                [detection_array(r) for r in records],
                [frame_labels(r) for r in records],
                [float(r['feature_rate']) for r in records],
                mode=metric.mode,
                dense_scores=None if metric.theta is None else [frame_scores(r) for r in records],
                theta=0.0 if metric.theta is None else metric.theta,
                score_threshold=metric.score_threshold,
                sigma=metric.sigma,
                gain=metric.gain,
                average=metric.average,
            )
            columns['seg_AP'] = output['per_class_ap']
    rows = [['class', 'name', *columns]]
    for c in range(num_classes):
        name = names[c] if names is not None and c < len(names) else f'class_{c}'
        values = ['' if np.isnan(col[c]) else f'{col[c]:.6f}' for col in columns.values()]
        rows.append([c, name, *values])
    return rows


def per_class_table(rows: list[list]) -> str:
    """The rows of :func:`per_class_rows` as an aligned text table."""
    return format_table(rows)


def per_class_csv(rows: list[list]) -> bytes:
    """The rows of :func:`per_class_rows` as CSV."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode()
