"""Readers for the three annotation forms and for class-name files.

Every reader returns a list of :class:`VideoAnnotation` with class indices into the class-name file
(line order), segments in seconds as written in the file (cleaning is
:func:`~dad_plugins.datasets.annotation_cleaning.clean_annotations`'s job), and raises
:class:`AnnotationError` naming the file, the video and the field on structural faults.

Forms:

- ``'mstct'`` (MS-TCT / PAT / MLAD JSON): ``{video_id: {"subset": str, "duration": float,
  "actions": [[class_id, start_s, end_s], ...]}}``; ``class_id`` is the numeric id of the class-name
  file (0-based in Charades, 1-based in MultiTHUMOS).
- ``'charades_csv'`` (``Charades_v1_{train,test}.csv``): columns ``id``, ``actions``
  (``"c092 11.90 21.20;c147 0.00 12.60"``) and ``length`` (seconds). The file is one split, so
  every video gets the reader's ``subset`` argument.
- ``'activitynet'`` (OpenTAD JSON): ``{"database": {video_id: {"subset": str, "duration": float,
  "annotations": [{"segment": [start_s, end_s], "label": class_name}, ...]}}}``.

Class-name files hold one class per line, either ``<id> <name>`` (``c000 Holding some clothes``,
``1 BaseballPitch``) or only ``<name>`` (the id is then the line index).
"""

import csv
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from dad_plugins.utils.input_errors import AnnotationError

ANNOTATION_FORMATS = ('mstct', 'charades_csv', 'activitynet')
_CLASS_ID = re.compile(r'^c?(\d+)$')


@dataclass
class VideoAnnotation:
    """Annotation of one video.

    Attributes:
        video_id (str): Video name, also the feature file stem.
        subset (str | None): Split name as written in the file (``'training'``, ``'testing'``, ...).
        duration (float): Video length in seconds.
        segments (np.ndarray): ``(M, 2)`` float64 ``[start_s, end_s]``.
        labels (np.ndarray): ``(M,)`` int64 class indices.
    """

    video_id: str
    subset: str | None
    duration: float
    segments: np.ndarray = field(default_factory=lambda: np.zeros((0, 2)))
    labels: np.ndarray = field(default_factory=lambda: np.zeros((0,), dtype=np.int64))


@dataclass
class ClassNames:
    """Class names with the numeric ids used by annotation files.

    Attributes:
        names (list[str]): Class names in index order.
        ids (list[int]): Numeric id of each class as written in annotation files.
    """

    names: list[str]
    ids: list[int]

    def index_of_id(self) -> dict[int, int]:
        """Map from annotation id to class index."""
        return {class_id: index for index, class_id in enumerate(self.ids)}

    def index_of_name(self) -> dict[str, int]:
        """Map from class name to class index."""
        return {name: index for index, name in enumerate(self.names)}


def read_class_names(path: str | Path) -> ClassNames:
    """Read a class-name file (``<id> <name>`` or ``<name>`` per line)."""
    lines = [line.strip() for line in _read_text(path).splitlines() if line.strip()]
    if not lines:
        raise AnnotationError(path, 'class-name file is empty')
    names, ids = [], []
    with_ids = _CLASS_ID.match(lines[0].split(maxsplit=1)[0]) is not None
    for line_no, line in enumerate(lines):
        parts = line.split(maxsplit=1)
        match = _CLASS_ID.match(parts[0])
        if with_ids:
            if match is None or len(parts) < 2:
                raise AnnotationError(path, f'line {line_no + 1} is not "<id> <name>": {line!r}')
            ids.append(int(match.group(1)))
            names.append(parts[1])
        else:
            ids.append(line_no)
            names.append(line)
    for values, what in ((ids, 'class id'), (names, 'class name')):
        first_line = {}
        for line_no, value in enumerate(values, start=1):
            if value in first_line:
                raise AnnotationError(
                    path, f'line {line_no} repeats the {what} {value!r} of line {first_line[value]}'
                )
            first_line[value] = line_no
    return ClassNames(names=names, ids=ids)


def dataset_class_names(dataset: dict) -> list[str] | None:
    """The class names of a dataset config: its ``class_file``, under its ``data_root`` when
    relative; None when it names no class file or the file is not there (inference and
    offline evaluation then call classes ``class_<i>``)."""
    class_file = dataset.get('class_file')
    if class_file is None:
        return None
    path = Path(class_file)
    if not path.is_absolute() and dataset.get('data_root'):
        path = Path(dataset['data_root']) / path
    return list(read_class_names(path).names) if path.is_file() else None


def read_annotations(
    path: str | Path, classes: ClassNames, ann_format: str = 'mstct', subset: str | None = None
) -> list[VideoAnnotation]:
    """Read an annotation file of any supported form.

    Args:
        path (str | Path): Annotation file.
        classes (ClassNames): The dataset's classes.
        ann_format (str): One of :data:`ANNOTATION_FORMATS`. Defaults to ``'mstct'``.
        subset (str | None): For ``'charades_csv'`` only: the split the whole file belongs to.

    Returns:
        list[VideoAnnotation]: One entry per video, in file order.
    """
    if ann_format == 'mstct':
        return _read_mstct(path, classes)
    if ann_format == 'charades_csv':
        return _read_charades_csv(path, classes, subset)
    if ann_format == 'activitynet':
        return _read_activitynet(path, classes)
    raise ValueError(
        f'Unknown annotation format {ann_format!r}; expected one of {ANNOTATION_FORMATS}'
    )


def missing_data_file(path: str | Path) -> AnnotationError:
    """The error of a data file that does not exist, saying how to make or find the data."""
    return AnnotationError(
        path,
        'file not found; run from the folder that holds data/ (the repository root) or set the '
        "dataset's data_root (the tools' --data-root DIR, docs/data.md); "
        '`python tools/data/make_synthetic.py data/synthetic` writes the synthetic dataset',
    )


def _read_text(path: str | Path) -> str:
    try:
        return Path(path).read_text()
    except FileNotFoundError:
        raise missing_data_file(path) from None
    except (OSError, UnicodeDecodeError) as error:
        raise AnnotationError(
            path, f'cannot read file ({error.__class__.__name__}: {error})'
        ) from None


def _unique_keys(pairs: list[tuple[str, object]]) -> dict:
    """A JSON object that refuses repeated keys (``json`` keeps the last one silently)."""
    keys = [key for key, _ in pairs]
    repeated = next((key for key in keys if keys.count(key) > 1), None)
    if repeated is not None:
        raise ValueError(f'key {repeated!r} appears {keys.count(repeated)} times in one object')
    return dict(pairs)


def _read_json(path: str | Path) -> object:
    try:
        return json.loads(_read_text(path), object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as error:
        raise AnnotationError(path, f'invalid JSON ({error})') from None
    except ValueError as error:
        raise AnnotationError(path, str(error)) from None


def _duration(path, video_id, value) -> float:
    try:
        duration = float(value)
    except (TypeError, ValueError):
        raise AnnotationError(
            path, f'expected seconds, got {value!r}', video_id, 'duration'
        ) from None
    if not np.isfinite(duration) or duration <= 0:
        raise AnnotationError(path, f'must be positive, got {value!r}', video_id, 'duration')
    return duration


def _segment(path, video_id, field_name, start, end) -> tuple[float, float]:
    try:
        segment = float(start), float(end)
    except (TypeError, ValueError):
        raise AnnotationError(
            path, f'expected [start_s, end_s], got {[start, end]!r}', video_id, field_name
        ) from None
    if not all(np.isfinite(segment)):
        raise AnnotationError(path, f'non-finite segment {list(segment)}', video_id, field_name)
    return segment


def _lookup(path, video_id, field_name, mapping: dict, key) -> int:
    if isinstance(key, bool):  # JSON true / false would be read as the classes 1 / 0
        raise AnnotationError(
            path, f'expected a class, got {json.dumps(key)}', video_id, field_name
        )
    if key not in mapping:
        raise AnnotationError(path, f'unknown class {key!r}', video_id, field_name)
    return mapping[key]


def _as_video(video_id, subset, duration, segments, labels) -> VideoAnnotation:
    return VideoAnnotation(
        video_id=video_id,
        subset=subset,
        duration=duration,
        segments=np.asarray(segments, dtype=np.float64).reshape(-1, 2),
        labels=np.asarray(labels, dtype=np.int64).reshape(-1),
    )


def _read_mstct(path, classes: ClassNames) -> list[VideoAnnotation]:
    data = _read_json(path)
    if not isinstance(data, dict):
        raise AnnotationError(path, 'expected a JSON object {video_id: {...}}')
    index_of_id = classes.index_of_id()
    videos = []
    for video_id, entry in data.items():
        if not isinstance(entry, dict):
            raise AnnotationError(path, 'expected an object', video_id)
        for key in ('duration', 'actions'):
            if key not in entry:
                raise AnnotationError(path, 'missing', video_id, key)
        if not isinstance(entry['actions'], list):
            raise AnnotationError(path, 'expected a list', video_id, 'actions')
        segments, labels = [], []
        for i, action in enumerate(entry['actions']):
            field_name = f'actions[{i}]'
            if not isinstance(action, list | tuple) or len(action) != 3:
                raise AnnotationError(
                    path, f'expected [class, start_s, end_s], got {action!r}', video_id, field_name
                )
            class_id = action[0]
            if isinstance(class_id, float) and class_id.is_integer():
                class_id = int(class_id)
            labels.append(_lookup(path, video_id, field_name, index_of_id, class_id))
            segments.append(_segment(path, video_id, field_name, action[1], action[2]))
        duration = _duration(path, video_id, entry['duration'])
        videos.append(_as_video(video_id, entry.get('subset'), duration, segments, labels))
    return videos


def _read_charades_csv(path, classes: ClassNames, subset: str | None) -> list[VideoAnnotation]:
    rows = list(csv.DictReader(_read_text(path).splitlines()))
    if not rows or not {'id', 'actions', 'length'} <= set(rows[0]):
        raise AnnotationError(path, 'expected a Charades CSV with columns id, actions, length')
    index_of_id = classes.index_of_id()
    videos = []
    for row in rows:
        video_id = row['id']
        segments, labels = [], []
        for i, action in enumerate(filter(None, (row['actions'] or '').split(';'))):
            field_name = f'actions[{i}]'
            parts = action.split()
            match = _CLASS_ID.match(parts[0]) if parts else None
            if len(parts) != 3 or match is None:
                raise AnnotationError(
                    path, f'expected "c<id> <start> <end>", got {action!r}', video_id, field_name
                )
            labels.append(_lookup(path, video_id, field_name, index_of_id, int(match.group(1))))
            segments.append(_segment(path, video_id, field_name, parts[1], parts[2]))
        duration = _duration(path, video_id, row['length'])
        videos.append(_as_video(video_id, subset, duration, segments, labels))
    return videos


def _read_activitynet(path, classes: ClassNames) -> list[VideoAnnotation]:
    data = _read_json(path)
    if not isinstance(data, dict) or not isinstance(data.get('database'), dict):
        raise AnnotationError(path, 'expected a JSON object with a "database" object')
    index_of_name = classes.index_of_name()
    videos = []
    for video_id, entry in data['database'].items():
        if not isinstance(entry, dict) or 'duration' not in entry:
            raise AnnotationError(path, 'missing', video_id, 'duration')
        annotations = entry.get('annotations', [])
        if not isinstance(annotations, list):
            raise AnnotationError(path, 'expected a list', video_id, 'annotations')
        segments, labels = [], []
        for i, annotation in enumerate(annotations):
            field_name = f'annotations[{i}]'
            if not isinstance(annotation, dict) or 'segment' not in annotation:
                raise AnnotationError(path, 'expected {"segment", "label"}', video_id, field_name)
            segment = annotation['segment']
            if not isinstance(segment, list | tuple) or len(segment) != 2:
                raise AnnotationError(
                    path, f'expected [start_s, end_s], got {segment!r}', video_id, field_name
                )
            labels.append(
                _lookup(
                    path, video_id, field_name + '.label', index_of_name, annotation.get('label')
                )
            )
            segments.append(_segment(path, video_id, field_name, *segment))
        duration = _duration(path, video_id, entry['duration'])
        videos.append(_as_video(video_id, entry.get('subset'), duration, segments, labels))
    return videos
