"""Write every prediction of an evaluation run to one pickle file."""

import pickle
from collections.abc import Sequence

from mmengine.evaluator import BaseMetric

from dad_plugins.registry import METRICS
from dad_plugins.utils.atomic_write import write_atomic

_FIELDS = ('video_id', 'duration', 'feature_rate', 'pred_frame_scores', 'pred_instances')


@METRICS.register_module()
class DumpPredictions(BaseMetric):
    """Dump per-video predictions (``pred_frame_scores`` and ``pred_instances``) for offline use.

    The file is a pickled list of dicts with ``video_id``, ``duration``, ``feature_rate``,
    ``pred_frame_scores`` ``(T, C)`` and ``pred_instances`` (``segments`` ``(N, 2)`` seconds,
    ``labels``, ``scores``), all numpy. It is written to a temporary file in the same folder and
    renamed, so an interrupted run never leaves a truncated file or destroys an older one.

    Args:
        out_file (str): Path of the ``.pkl`` file.
        collect_device (str): Device for collecting results across ranks. Defaults to ``'cpu'``.
    """

    def __init__(self, out_file: str, collect_device: str = 'cpu') -> None:
        super().__init__(collect_device=collect_device)
        if not out_file.endswith(('.pkl', '.pickle')):
            raise ValueError(f'out_file must be a .pkl file, got {out_file!r}')
        self.out_file = out_file

    def process(self, data_batch, data_samples: Sequence[dict]) -> None:
        for sample in data_samples:
            record = {key: sample[key] for key in _FIELDS}
            record['pred_frame_scores'] = record['pred_frame_scores'].cpu().numpy()
            record['pred_instances'] = {
                key: value.cpu().numpy() for key, value in record['pred_instances'].items()
            }
            self.results.append(record)

    def compute_metrics(self, results: list) -> dict:
        write_atomic(self.out_file, pickle.dumps(results))
        return {}
