"""Base class of every dense detector: mode dispatch, windows and the finishing of predictions."""

from abc import ABCMeta, abstractmethod

import torch
from mmengine.model import BaseModel
from mmengine.structures import InstanceData

from dad_plugins.registry import TASK_UTILS
from dad_plugins.structures import (
    DenseDataSample,
    TokenPrediction,
    check_window,
    sliding_window_starts,
)
from dad_plugins.utils.typing import ConfigType, OptConfigType, OptMultiConfig, SampleList

from ..utils import merge_windows, split_windows


class BaseDenseDetector(BaseModel, metaclass=ABCMeta):
    """A model over padded clip features that predicts per-token scores and segments.

    ``forward(inputs, data_samples, mode, masks, streams)`` with

    - ``inputs``: ``(B, D, T)`` main feature stream, zero-padded;
    - ``masks``: ``(B, T)`` bool, True on real tokens (all True when omitted);
    - ``streams``: dict of extra ``(B, D_s, T)`` streams aligned to ``inputs``;
    - ``mode``: ``'loss'`` (dict of losses), ``'predict'`` (data samples carrying
      ``pred_frame_scores`` and ``pred_instances``, see :class:`DenseDataSample`) or
      ``'tensor'`` (raw head outputs);
    - ``sequence_ids``: ``(B, T)`` int64, given for rows that pack several videos (see
      ``dense_collate(pack_length=...)``): the index of each token's video in
      ``data_samples``, -1 on padding. Only detectors that implement :meth:`forward_packed`
      take them.

    A subclass implements :meth:`predict_tokens`: one :class:`TokenPrediction` per input, in
    tokens of that input, with per-token scores, detections or both. Predictions are finished
    here, the same way for every model: sliding windows (``window_size``, ``window_stride``)
    are cut and merged (:func:`~dad_plugins.models.utils.merge_windows`), the
    ``post_processor`` derives what the model does not predict itself (``FramesToSegments`` or
    ``SegmentsToFrames``), and times go to seconds of the video once
    (:meth:`DenseDataSample.tokens_to_seconds`). So every metric applies to every model.

    Args:
        test_cfg (dict, optional): ``window_size`` and ``window_stride`` (tokens; default None:
            full videos in one pass; the stride defaults to the window size), ``merge_nms``
            (class-wise NMS tIoU threshold when merging the detections of overlapping windows,
            default None: none), ``max_per_video`` (detections kept after merging, default
            None: all), ``post_processor`` (a ``TASK_UTILS`` config, default
            ``default_post_processor``). Subclasses read their own further keys from
            ``self.test_cfg``.
        data_preprocessor (dict, optional): Moves the batch to the device. Defaults to
            mmengine's ``BaseDataPreprocessor``.
        init_cfg (dict | list[dict], optional): Initialisation config.
    """

    default_post_processor: ConfigType = dict(type='FramesToSegments')

    def __init__(
        self,
        test_cfg: OptConfigType = None,
        data_preprocessor: OptConfigType = None,
        init_cfg: OptMultiConfig = None,
    ) -> None:
        super().__init__(data_preprocessor=data_preprocessor, init_cfg=init_cfg)
        test_cfg = dict(test_cfg or {})
        self.window_size = test_cfg.pop('window_size', None)
        self.window_stride = test_cfg.pop('window_stride', None) or self.window_size
        if self.window_size is not None:
            check_window(self.window_size, self.window_stride)
        self.merge_nms = test_cfg.pop('merge_nms', None)
        self.max_per_video = test_cfg.pop('max_per_video', None)
        self.post_processor = TASK_UTILS.build(
            test_cfg.pop('post_processor', self.default_post_processor)
        )
        self.test_cfg = test_cfg

    def forward(
        self,
        inputs: torch.Tensor,
        data_samples: SampleList | None = None,
        mode: str = 'tensor',
        masks: torch.Tensor | None = None,
        streams: dict[str, torch.Tensor] | None = None,
        sequence_ids: torch.Tensor | None = None,
    ):
        """Dispatch to :meth:`loss`, :meth:`predict` or :meth:`_forward` (packed rows:
        :meth:`forward_packed`)."""
        if masks is None:
            masks = inputs.new_ones(inputs.shape[0], inputs.shape[-1], dtype=torch.bool)
        streams = streams or {}
        if sequence_ids is not None and mode in ('loss', 'predict', 'tensor'):
            return self.forward_packed(inputs, masks, sequence_ids, data_samples, streams, mode)
        if mode == 'loss':
            return self.loss(inputs, masks, data_samples, streams)
        if mode == 'predict':
            return self.predict(inputs, masks, data_samples, streams)
        if mode == 'tensor':
            return self._forward(inputs, masks, streams)
        raise RuntimeError(f'Invalid mode "{mode}". Only supports loss, predict and tensor mode')

    @abstractmethod
    def loss(
        self,
        inputs: torch.Tensor,
        masks: torch.Tensor,
        data_samples: SampleList,
        streams: dict[str, torch.Tensor],
    ) -> dict[str, torch.Tensor]:
        """Losses of a batch."""

    @abstractmethod
    def predict_tokens(
        self, inputs: torch.Tensor, masks: torch.Tensor, streams: dict[str, torch.Tensor]
    ) -> list[TokenPrediction]:
        """One prediction per input ``b``, over its ``masks[b].sum()`` valid tokens."""

    @abstractmethod
    def _forward(self, inputs: torch.Tensor, masks: torch.Tensor, streams: dict[str, torch.Tensor]):
        """Raw outputs of the network, without post-processing."""

    def forward_packed(
        self,
        inputs: torch.Tensor,
        masks: torch.Tensor,
        sequence_ids: torch.Tensor,
        data_samples: SampleList | None,
        streams: dict[str, torch.Tensor],
        mode: str,
    ):
        """:meth:`forward` of rows that pack several videos; detectors that honour video
        boundaries in every layer implement it."""
        raise ValueError(
            f'{type(self).__name__} takes no packed batches (sequence_ids): collate with '
            'dense_collate'
        )

    def predict(
        self,
        inputs: torch.Tensor,
        masks: torch.Tensor,
        data_samples: SampleList,
        streams: dict[str, torch.Tensor],
    ) -> SampleList:
        """Data samples with ``pred_frame_scores`` ``(T_i, C)`` and ``pred_instances`` in
        seconds of the video (see :class:`DenseDataSample`), and ``pred_layer_instances`` when
        the model decodes every decoder layer."""
        return self.finish_predictions(data_samples, self.predict_videos(inputs, masks, streams))

    def finish_predictions(
        self, data_samples: SampleList, predictions: list[TokenPrediction]
    ) -> SampleList:
        """Post-process one prediction per video and store it in its data sample, in seconds."""
        for sample, prediction in zip(data_samples, predictions):
            prediction = self.post_processor(prediction)
            instances = prediction.instances
            # Called on the class, so that any data sample with the metainfo works (also a plain
            # ActionDataSample built by a user).
            instances.segments = DenseDataSample.tokens_to_seconds(sample, instances.segments)
            sample.pred_frame_scores = prediction.frame_scores
            sample.pred_instances = instances
            if prediction.layer_instances is not None:
                sample.pred_layer_instances = [
                    InstanceData(
                        segments=DenseDataSample.tokens_to_seconds(sample, layer.segments),
                        labels=layer.labels,
                        scores=layer.scores,
                    )
                    for layer in prediction.layer_instances
                ]
        return data_samples

    def predict_videos(
        self, inputs: torch.Tensor, masks: torch.Tensor, streams: dict[str, torch.Tensor]
    ) -> list[TokenPrediction]:
        """Predictions of the full videos in one pass, or merged from sliding windows; in both
        cases detections by descending score, at most ``max_per_video``."""
        num_tokens = inputs.shape[-1]
        if self.window_size is None or num_tokens <= self.window_size:
            starts = [0]
            window_predictions = self.predict_tokens(inputs, masks, streams)
        else:
            starts = sliding_window_starts(num_tokens, self.window_size, self.window_stride)
            windows, window_masks = split_windows(inputs, masks, starts, self.window_size)
            window_streams = {
                name: split_windows(stream, masks, starts, self.window_size)[0]
                for name, stream in streams.items()
            }
            window_predictions = self.predict_tokens(windows, window_masks, window_streams)
        batch = inputs.shape[0]
        return [
            merge_windows(
                window_predictions[index::batch],
                starts,
                int(masks[index].sum()),
                self.merge_nms,
                self.max_per_video,
            )
            for index in range(batch)
        ]
