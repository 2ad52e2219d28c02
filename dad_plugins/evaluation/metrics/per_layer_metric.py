"""One detection metric applied to the detections of every decoder layer."""

from collections.abc import Mapping, Sequence
from typing import Any

from mmengine.evaluator import BaseMetric

from dad_plugins.registry import METRICS
from dad_plugins.utils.typing import ConfigType

from .data_sample_utils import get_field


@METRICS.register_module()
class PerLayerMetric(BaseMetric):
    """``metric`` of the detections of each decoder layer (DualDETR Fig. 5: mAP per layer).

    Reads ``pred_layer_instances`` (filled by a detector with ``test_cfg.decode_layers=True``)
    and scores the detections of layer ``l`` with ``metric`` as if they were
    ``pred_instances``; every other field of the data sample (ground truth, metainfo) is the
    same for all layers. Layers count from 1; the last one is the model's output.

    Args:
        metric (dict): The metric of one layer, e.g. ``dict(type='DetectionMAP')``.
        collect_device (str): Device for gathering results across ranks. Defaults to ``'cpu'``.

    Output keys: ``{metric prefix}_layer{l}/{key}``, e.g. ``det_layer1/mAP`` ...
    ``det_layer4/mAP`` for a 4-layer decoder.
    """

    default_prefix: str | None = None

    def __init__(self, metric: ConfigType, collect_device: str = 'cpu') -> None:
        super().__init__(collect_device=collect_device)
        self.metric = METRICS.build(metric)

    @property
    def dataset_meta(self) -> dict | None:
        """Meta information of the dataset, shared with the metric of each layer."""
        return self._dataset_meta

    @dataset_meta.setter
    def dataset_meta(self, dataset_meta: dict | None) -> None:
        self._dataset_meta = dataset_meta
        self.metric.dataset_meta = dataset_meta

    def process(self, data_batch: Any, data_samples: Sequence[dict]) -> None:
        """Store, per video, the result of ``metric`` for each of its layers (one entry per
        video, as ``evaluate`` counts them)."""
        for data_sample in data_samples:
            try:
                layers = get_field(data_sample, 'pred_layer_instances')
            except (KeyError, AttributeError):
                raise KeyError(
                    f'PerLayerMetric: video {get_field(data_sample, "video_id")} has no '
                    'pred_layer_instances; set test_cfg.decode_layers=True in the model'
                ) from None
            per_layer = []
            for instances in layers:
                if isinstance(data_sample, Mapping):
                    view = {**data_sample, 'pred_instances': instances}
                else:
                    view = data_sample.clone()
                    view.pred_instances = instances
                self.metric.results = []
                self.metric.process(data_batch, [view])
                per_layer.append(self.metric.results)
            self.results.append(per_layer)
        self.metric.results = []

    def compute_metrics(self, results: list) -> dict:
        """``metric`` of each layer's results, under a prefix naming the layer."""
        prefix = self.metric.prefix or 'metric'
        output = {}
        for layer in range(max(len(video) for video in results)):
            layer_results = [
                result for video in results if layer < len(video) for result in video[layer]
            ]
            for key, value in self.metric.compute_metrics(layer_results).items():
                output[f'{prefix}_layer{layer + 1}/{key}'] = value
        return output
