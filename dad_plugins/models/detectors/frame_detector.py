"""Detector that scores every token: backbone, optional neck, frame head."""

import torch

from dad_plugins.registry import MODELS, TASK_UTILS
from dad_plugins.utils.typing import ConfigType, OptConfigType, OptMultiConfig, SampleList

from ..utils import sliding_window_starts, split_windows, stitch_windows
from .base_dense_detector import BaseDenseDetector


@MODELS.register_module()
class FrameDetector(BaseDenseDetector):
    """Per-token multi-label detector (MS-TCT / PAT / MLAD family).

    ``backbone(inputs, masks, **streams)`` → ``neck(feats, masks)`` (optional) →
    ``head.loss(feats, masks, data_samples)`` or ``head.predict(feats, masks)`` (probabilities
    ``(B, C, T)``). Segments come from a registered post-processor applied to each video's scores.

    Args:
        backbone (dict): Temporal encoder config.
        head (dict): Frame head config (``loss``, ``predict`` and ``forward``).
        neck (dict, optional): Neck config. Defaults to None.
        test_cfg (dict, optional): ``window_size`` and ``window_stride`` (tokens) switch on
            sliding-window inference with averaging over overlaps (None: full videos in one
            pass); ``post_processor``: frames-to-segments config. Defaults to full videos and
            ``FramesToSegments`` with its defaults.
        data_preprocessor (dict, optional): See :class:`BaseDenseDetector`.
        init_cfg (dict | list[dict], optional): Initialisation config.
    """

    def __init__(
        self,
        backbone: ConfigType,
        head: ConfigType,
        neck: OptConfigType = None,
        test_cfg: OptConfigType = None,
        data_preprocessor: OptConfigType = None,
        init_cfg: OptMultiConfig = None,
    ) -> None:
        super().__init__(data_preprocessor=data_preprocessor, init_cfg=init_cfg)
        self.backbone = MODELS.build(backbone)
        self.neck = MODELS.build(neck) if neck is not None else None
        self.head = MODELS.build(head)
        test_cfg = dict(test_cfg or {})
        self.window_size = test_cfg.get('window_size')
        self.window_stride = test_cfg.get('window_stride') or self.window_size
        self.post_processor = TASK_UTILS.build(
            test_cfg.get('post_processor', dict(type='FramesToSegments'))
        )

    @property
    def class_projection(self) -> torch.nn.Module:
        """The head's ``C_f -> C`` 1 x 1 class projection (see ``AssistantParadigm``)."""
        return self.head.class_projection

    def extract_feat(
        self, inputs: torch.Tensor, masks: torch.Tensor, streams: dict[str, torch.Tensor]
    ):
        """Backbone and neck features (whatever the neck or backbone returns)."""
        feats = self.backbone(inputs, masks, **streams)
        if self.neck is not None:
            feats = self.neck(feats, masks)
        return feats

    def loss(self, inputs, masks, data_samples, streams) -> dict[str, torch.Tensor]:
        """Head losses on the batch."""
        return self.head.loss(self.extract_feat(inputs, masks, streams), masks, data_samples)

    def predict(self, inputs, masks, data_samples, streams) -> SampleList:
        """Per-token probabilities of every video and the segments derived from them."""
        scores = self.predict_scores(inputs, masks, streams)  # (B, C, T)
        for sample, video_scores, mask in zip(data_samples, scores, masks):
            frame_scores = video_scores[:, mask].t().contiguous()  # (T_i, C)
            instances = self.post_processor(frame_scores, sample.metainfo['feature_rate'])
            self.add_pred_to_datasample(sample, frame_scores, instances)
        return data_samples

    def predict_scores(
        self, inputs: torch.Tensor, masks: torch.Tensor, streams: dict[str, torch.Tensor]
    ) -> torch.Tensor:
        """Probabilities ``(B, C, T)``, from the full videos or from stitched windows."""
        if self.window_size is None or inputs.shape[-1] <= self.window_size:
            return self.head.predict(self.extract_feat(inputs, masks, streams), masks)
        starts = sliding_window_starts(inputs.shape[-1], self.window_size, self.window_stride)
        windows, window_masks = split_windows(inputs, masks, starts, self.window_size)
        window_streams = {
            name: split_windows(stream, masks, starts, self.window_size)[0]
            for name, stream in streams.items()
        }
        window_scores = self.head.predict(
            self.extract_feat(windows, window_masks, window_streams), window_masks
        )
        return stitch_windows(window_scores, window_masks, starts, inputs.shape[-1])

    def _forward(self, inputs, masks, streams):
        """Head logits ``(B, C, T)``."""
        return self.head(self.extract_feat(inputs, masks, streams), masks)
