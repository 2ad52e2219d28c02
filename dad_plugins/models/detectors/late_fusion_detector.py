"""Late fusion: one detector per feature stream, their per-token scores averaged."""

import torch
from torch import nn

from dad_plugins.registry import MODELS
from dad_plugins.structures import TokenPrediction
from dad_plugins.utils.typing import ConfigType, OptConfigType, OptMultiConfig

from .base_dense_detector import BaseDenseDetector

MAIN_STREAM = 'feats'


@MODELS.register_module()
class LateFusionDetector(BaseDenseDetector):
    """Frame-level detectors that each read one feature stream, their probabilities averaged.

    The "Late Fusion" of MLAD's supplement (Table S1): "two networks are trained with RGB, Flow
    features independently and their predictions are averaged". ``detectors`` maps a stream to
    the config of the detector that reads it: ``'feats'`` is the main stream (``inputs``), any
    other name an extra stream of ``streams`` (``'flow'`` from
    ``LoadClipFeatures(feat_dims=dict(feats=1024, flow=1024))`` with
    ``data_prefix=dict(feats='features', flow='flow_features')``). Each detector sees its
    stream alone.

    Training sums the detectors' losses, logged as ``{stream}_{loss name}``. The detectors
    share no parameter, so each parameter's gradient is that of its own detector's loss: with an
    optimiser that updates every parameter from its own gradient (Adam, SGD, weight decay) one
    run trains every detector exactly as a run of its own on the same batches would. Clipping
    by the global gradient norm (``optim_wrapper.clip_grad``) couples them.

    Prediction averages the detectors' per-token probabilities ``(T, C)`` over the same tokens
    (this model's sliding windows, ``test_cfg``), then this model's ``post_processor`` derives
    the segments. The detectors' own ``test_cfg`` are not used.

    Args:
        detectors (dict[str, dict]): Stream name to frame-level detector config (its
            ``predict_tokens`` gives per-token scores, e.g. ``FrameDetector``). At least two.
        test_cfg (dict, optional): See :class:`BaseDenseDetector`.
        data_preprocessor (dict, optional): See :class:`BaseDenseDetector`.
        init_cfg (dict | list[dict], optional): Initialisation config.

    Shapes:
        - inputs: ``(B, D, T)``; streams: ``{name: (B, D_s, T)}``; masks: ``(B, T)`` bool.
        - predictions: ``(T_i, C)`` scores, the mean of the detectors'.
    """

    def __init__(
        self,
        detectors: dict[str, ConfigType],
        test_cfg: OptConfigType = None,
        data_preprocessor: OptConfigType = None,
        init_cfg: OptMultiConfig = None,
    ) -> None:
        super().__init__(test_cfg=test_cfg, data_preprocessor=data_preprocessor, init_cfg=init_cfg)
        if len(detectors) < 2:
            raise ValueError(f'late fusion needs at least two detectors, got {list(detectors)}')
        self.detectors = nn.ModuleDict(
            {stream: MODELS.build(config) for stream, config in detectors.items()}
        )

    def stream_inputs(
        self, inputs: torch.Tensor, streams: dict[str, torch.Tensor]
    ) -> dict[str, torch.Tensor]:
        """The ``(B, D_s, T)`` input of every detector, by stream name."""
        missing = [name for name in self.detectors if name != MAIN_STREAM and name not in streams]
        if missing:
            raise KeyError(
                f'LateFusionDetector: the batch has no stream {missing} (streams: '
                f'{[MAIN_STREAM, *streams]}); load it with LoadClipFeatures(feat_dims=...)'
            )
        return {name: inputs if name == MAIN_STREAM else streams[name] for name in self.detectors}

    def loss(self, inputs, masks, data_samples, streams) -> dict[str, torch.Tensor]:
        """The losses of every detector on its own stream."""
        losses = {}
        for name, x in self.stream_inputs(inputs, streams).items():
            detector_losses = self.detectors[name].loss(x, masks, data_samples, {})
            losses.update({f'{name}_{key}': loss for key, loss in detector_losses.items()})
        return losses

    def predict_tokens(self, inputs, masks, streams) -> list[TokenPrediction]:
        """Per-token probabilities ``(T_b, C)`` averaged over the detectors."""
        per_detector = []
        for name, x in self.stream_inputs(inputs, streams).items():
            predictions = self.detectors[name].predict_tokens(x, masks, {})
            if any(prediction.frame_scores is None for prediction in predictions):
                raise ValueError(
                    f'LateFusionDetector: the {name!r} detector '
                    f'({type(self.detectors[name]).__name__}) predicts no per-token scores'
                )
            per_detector.append(predictions)
        return [
            TokenPrediction(
                num_tokens=video[0].num_tokens,
                num_classes=video[0].num_classes,
                frame_scores=torch.stack([p.frame_scores for p in video]).mean(0),  # (T_b, C)
            )
            for video in zip(*per_detector)
        ]

    def _forward(self, inputs, masks, streams) -> dict:
        """Raw outputs of every detector, by stream name."""
        return {
            name: self.detectors[name]._forward(x, masks, {})
            for name, x in self.stream_inputs(inputs, streams).items()
        }
