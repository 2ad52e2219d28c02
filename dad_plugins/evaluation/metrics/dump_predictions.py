"""Write every prediction of an evaluation run, with its ground truth, to one file."""

import json
import pickle
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from mmengine.evaluator import BaseMetric

from dad_plugins.registry import METRICS
from dad_plugins.utils.atomic_write import write_atomic

from .data_sample_utils import get_field, to_numpy

_META = ('video_id', 'duration', 'feature_rate', 'num_tokens')
_INSTANCE_FIELDS = dict(
    pred_instances=('segments', 'labels', 'scores'), gt_instances=('segments', 'labels')
)
_PICKLE_SUFFIXES = ('.pkl', '.pickle')
#: The file kinds a dump can be written as.
DUMP_SUFFIXES = (*_PICKLE_SUFFIXES, '.json')


def _to_lists(value):
    """Numpy arrays (also inside dicts) as nested lists, for JSON."""
    if isinstance(value, dict):
        return {key: _to_lists(item) for key, item in value.items()}
    return value.tolist() if isinstance(value, np.ndarray) else value


@METRICS.register_module()
class DumpPredictions(BaseMetric):
    """Dump per-video predictions and ground truth for offline evaluation (as mmengine's
    ``DumpResults``).

    One record per video: ``video_id``, ``duration`` (s), ``feature_rate`` (tokens/s),
    ``num_tokens``, ``pred_frame_scores`` ``(T, C)``, ``pred_instances`` (``segments`` ``(N, 2)``
    seconds, ``labels``, ``scores``), ``gt_frame_labels`` ``(T, C)`` and ``gt_instances``
    (``segments`` ``(M, 2)`` seconds, ``labels``); the ground-truth fields are left out for
    samples without them. A ``.pkl`` file holds the list of records with numpy arrays, a
    ``.json`` file the same with nested lists. The file is written to a temporary file in the
    same folder and renamed, so an interrupted run never leaves a truncated file or destroys an
    older one. ``tools/analysis/eval_dump.py`` recomputes the metrics from it.

    Args:
        out_file (str): Path of the ``.pkl`` or ``.json`` file.
        collect_device (str): Device for collecting results across ranks. Defaults to ``'cpu'``.
    """

    def __init__(self, out_file: str, collect_device: str = 'cpu') -> None:
        super().__init__(collect_device=collect_device)
        if not out_file.endswith(DUMP_SUFFIXES):
            raise ValueError(f'out_file must be a .pkl or .json file, got {out_file!r}')
        self.out_file = out_file

    def process(self, data_batch, data_samples: Sequence[dict]) -> None:
        for sample in data_samples:
            record = {key: sample[key] for key in _META}
            for key in ('pred_frame_scores', 'gt_frame_labels'):
                if key in sample:
                    record[key] = to_numpy(sample[key])
            for key, fields in _INSTANCE_FIELDS.items():
                if key in sample:
                    record[key] = {
                        field: to_numpy(get_field(sample[key], field)) for field in fields
                    }
            self.results.append(record)

    def compute_metrics(self, results: list) -> dict:
        if self.out_file.endswith(_PICKLE_SUFFIXES):
            payload = pickle.dumps(results)
        else:
            payload = (json.dumps([_to_lists(record) for record in results]) + '\n').encode()
        write_atomic(self.out_file, payload)
        return {}


def load_dump(path: str | Path) -> list[dict]:
    """The records of a :class:`DumpPredictions` file (``.pkl`` or ``.json``), arrays as numpy.

    Args:
        path (str | Path): The dump.

    Returns:
        list[dict]: One record per video, as described in :class:`DumpPredictions`.
    """
    path = Path(path)
    if path.suffix == '.json':
        records = json.loads(path.read_text())
    else:
        records = pickle.loads(path.read_bytes())
    for record in records:
        for key in ('pred_frame_scores', 'gt_frame_labels'):
            if key in record:
                record[key] = np.asarray(record[key], dtype=np.float32)
        for key, fields in _INSTANCE_FIELDS.items():
            if key in record:
                instances = record[key]
                instances['segments'] = np.asarray(instances['segments'], np.float32).reshape(-1, 2)
                instances['labels'] = np.asarray(instances['labels'], np.int64)
                if 'scores' in fields:
                    instances['scores'] = np.asarray(instances['scores'], np.float32)
    return records
