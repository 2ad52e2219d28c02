"""Base class of every dense detector: mode dispatch and the prediction contract."""

from abc import ABCMeta, abstractmethod

import torch
from mmaction.structures import ActionDataSample
from mmengine.model import BaseModel
from mmengine.structures import InstanceData

from dad_plugins.utils.typing import OptConfigType, OptMultiConfig, SampleList


class BaseDenseDetector(BaseModel, metaclass=ABCMeta):
    """A model over padded clip features that predicts per-token scores and segments.

    ``forward(inputs, data_samples, mode, masks, streams)`` with

    - ``inputs``: ``(B, D, T)`` main feature stream, zero-padded;
    - ``masks``: ``(B, T)`` bool, True on real tokens (all True when omitted);
    - ``streams``: dict of extra ``(B, D_s, T)`` streams aligned to ``inputs``;
    - ``mode``: ``'loss'`` (dict of losses), ``'predict'`` (data samples carrying
      ``pred_frame_scores`` ``(T_i, C)`` and ``pred_instances`` with ``segments`` ``(N, 2)``
      seconds, ``labels`` ``(N,)``, ``scores`` ``(N,)``) or ``'tensor'`` (raw head outputs).

    Every detector fills both prediction fields so that every metric applies to every model.

    Args:
        data_preprocessor (dict, optional): Moves the batch to the device. Defaults to
            mmengine's ``BaseDataPreprocessor``.
        init_cfg (dict | list[dict], optional): Initialisation config.
    """

    def __init__(
        self, data_preprocessor: OptConfigType = None, init_cfg: OptMultiConfig = None
    ) -> None:
        super().__init__(data_preprocessor=data_preprocessor, init_cfg=init_cfg)

    def forward(
        self,
        inputs: torch.Tensor,
        data_samples: SampleList | None = None,
        mode: str = 'tensor',
        masks: torch.Tensor | None = None,
        streams: dict[str, torch.Tensor] | None = None,
    ):
        """Dispatch to :meth:`loss`, :meth:`predict` or :meth:`_forward`."""
        if masks is None:
            masks = inputs.new_ones(inputs.shape[0], inputs.shape[-1], dtype=torch.bool)
        streams = streams or {}
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
    def predict(
        self,
        inputs: torch.Tensor,
        masks: torch.Tensor,
        data_samples: SampleList,
        streams: dict[str, torch.Tensor],
    ) -> SampleList:
        """Data samples with ``pred_frame_scores`` and ``pred_instances``."""

    @abstractmethod
    def _forward(self, inputs: torch.Tensor, masks: torch.Tensor, streams: dict[str, torch.Tensor]):
        """Raw outputs of the network, without post-processing."""

    @staticmethod
    def add_pred_to_datasample(
        data_sample: ActionDataSample, frame_scores: torch.Tensor, instances: InstanceData
    ) -> ActionDataSample:
        """Attach ``pred_frame_scores`` ``(T, C)`` and ``pred_instances`` to one sample."""
        data_sample.pred_frame_scores = frame_scores
        data_sample.pred_instances = instances
        return data_sample
