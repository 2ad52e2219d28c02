"""DualDETR: query-based detector with dual-level (instance / boundary) queries."""

import torch
from mmengine.structures import InstanceData

from dad_plugins.registry import MODELS
from dad_plugins.structures import nms, segments_to_frames
from dad_plugins.utils.typing import ConfigType, OptConfigType, OptMultiConfig, SampleList

from ..layers.deformable_attention_1d import as_levels, token_centres
from ..utils import sliding_window_starts, split_windows
from .base_dense_detector import BaseDenseDetector


@MODELS.register_module()
class DualDETR(BaseDenseDetector):
    """Dual DETRs for multi-label temporal action detection (Zhu et al., CVPR 2024).

    ``backbone`` (the encoder, e.g. :class:`DeformableEncoder`) -> ``neck`` (optional) ->
    encoder map(s) ``(B, D, T_l)`` -> ``head.forward_proposals`` (auxiliary dense detection
    head) -> ``head.select_proposals`` (top ``N_q`` per video) -> ``decoder``
    (:class:`DualBranchDecoder`: joint query initialisation, two-branch decoding, mutual
    refinement) -> ``head`` (classification, set losses, detections without NMS). Every part is
    built from its own config, so the encoder can be swapped (e.g. PAT's ``FineDet``) and the
    decoder reads any map or pyramid of ``D`` channels.

    Inference (Sec. 4.1): full videos in one pass (Charades), or sliding windows
    (``test_cfg.window_size`` / ``window_stride``, MultiTHUMOS: 256 tokens, stride 64) whose
    detections are mapped back to seconds of the video and concatenated; an optional
    class-wise NMS (``merge_nms``, tIoU threshold) removes the duplicates of overlapping
    windows. Per-token scores come from the detections
    (:func:`~dad_plugins.structures.segments_to_frames`, ``frame_scores`` options), so per-frame
    and segmentation mAP apply (Table 1 "Seg-mAP").

    Args:
        backbone (dict): Encoder config, ``backbone(inputs, masks, **streams)``.
        decoder (dict): Decoder config (``DualBranchDecoder``).
        head (dict): Head config (``DualDETRHead``); ``embed_dims``, ``set_dims`` and
            ``num_layers`` default to the decoder's.
        neck (dict, optional): Applied to the backbone output, ``neck(feats, masks)``.
        test_cfg (dict, optional): ``window_size``, ``window_stride`` (tokens; None: full
            videos in one pass), ``max_per_window`` (top (query, class) pairs of one pass,
            default 100), ``max_per_video`` (kept after merging the windows, default None:
            all), ``merge_nms`` (class-wise NMS tIoU threshold applied when merging windows,
            default None: plain concatenation), ``frame_scores`` (keyword arguments of
            ``segments_to_frames``, default ``mode='max'``).
        data_preprocessor (dict, optional): See :class:`BaseDenseDetector`.
        init_cfg (dict | list[dict], optional): Initialisation config.
    """

    def __init__(
        self,
        backbone: ConfigType,
        decoder: ConfigType,
        head: ConfigType,
        neck: OptConfigType = None,
        test_cfg: OptConfigType = None,
        data_preprocessor: OptConfigType = None,
        init_cfg: OptMultiConfig = None,
    ) -> None:
        super().__init__(data_preprocessor=data_preprocessor, init_cfg=init_cfg)
        self.backbone = MODELS.build(backbone)
        self.neck = MODELS.build(neck) if neck is not None else None
        self.decoder = MODELS.build(decoder)
        head = dict(head)
        head.setdefault('embed_dims', self.decoder.embed_dims)
        head.setdefault('set_dims', self.decoder.set_dims)
        head.setdefault('num_layers', self.decoder.num_layers)
        self.head = MODELS.build(head)
        test_cfg = dict(test_cfg or {})
        self.window_size = test_cfg.get('window_size')
        self.window_stride = test_cfg.get('window_stride') or self.window_size
        self.max_per_window = test_cfg.get('max_per_window', 100)
        self.max_per_video = test_cfg.get('max_per_video')
        self.merge_nms = test_cfg.get('merge_nms')
        self.frame_score_cfg = dict(test_cfg.get('frame_scores', {}))

    def forward_transformer(
        self, inputs: torch.Tensor, masks: torch.Tensor, streams: dict[str, torch.Tensor]
    ) -> dict:
        """Encoder, dense proposals, query selection and decoder.

        Returns:
            dict: ``layer_outputs`` (decoder outputs per layer), ``query_masks`` ``(B, N)``,
            ``enc_logits`` ``(B, S, C)``, ``enc_segments`` ``(B, S, 2)``, ``enc_masks``
            ``(B, S)`` over the ``S`` tokens of all levels.
        """
        feats = self.backbone(inputs, masks, **streams)
        if self.neck is not None:
            feats = self.neck(feats, masks)
        levels, level_masks = as_levels(feats, masks)
        memory = torch.cat([level.transpose(1, 2) for level in levels], dim=1)  # (B, S, D)
        enc_masks = torch.cat(level_masks, dim=1)  # (B, S)
        centres = torch.cat([token_centres(mask) for mask in level_masks], dim=1).to(memory)
        level_ids = torch.cat(
            [torch.full((lv.shape[-1],), i, device=memory.device) for i, lv in enumerate(levels)]
        )  # (S,)
        enc_logits, enc_segments = self.head.forward_proposals(memory, centres, level_ids)
        proposals, proposal_feats, query_masks = self.head.select_proposals(
            enc_logits, enc_segments, memory, enc_masks, self.decoder.num_queries
        )
        layer_outputs, query_masks = self.decoder(
            levels, level_masks, proposals, proposal_feats, query_masks
        )
        return dict(
            layer_outputs=layer_outputs,
            query_masks=query_masks,
            enc_logits=enc_logits,
            enc_segments=enc_segments,
            enc_masks=enc_masks,
        )

    def loss(self, inputs, masks, data_samples, streams) -> dict[str, torch.Tensor]:
        """Set losses of every decoder layer and of the encoder proposals."""
        out = self.forward_transformer(inputs, masks, streams)
        return self.head.loss(
            out['layer_outputs'],
            out['query_masks'],
            out['enc_logits'],
            out['enc_segments'],
            out['enc_masks'],
            data_samples,
        )

    def _window_detections(
        self, inputs: torch.Tensor, masks: torch.Tensor, streams: dict[str, torch.Tensor]
    ) -> tuple[list[int], torch.Tensor, list]:
        """Detections of every window (one window per video without sliding windows).

        Returns:
            tuple: Window starts, ``(n B, W)`` window masks and per window the normalised
            segments, labels and scores (window ``k`` of video ``b`` at ``k B + b``).
        """
        num_tokens = inputs.shape[-1]
        if self.window_size is None or num_tokens <= self.window_size:
            starts, windows, window_masks, window_streams = [0], inputs, masks, streams
        else:
            starts = sliding_window_starts(num_tokens, self.window_size, self.window_stride)
            windows, window_masks = split_windows(inputs, masks, starts, self.window_size)
            window_streams = {
                name: split_windows(stream, masks, starts, self.window_size)[0]
                for name, stream in streams.items()
            }
        out = self.forward_transformer(windows, window_masks, window_streams)
        detections = self.head.predict(
            out['layer_outputs'], out['query_masks'], self.max_per_window
        )
        return starts, window_masks, detections

    def predict(self, inputs, masks, data_samples, streams) -> SampleList:
        """Detections in seconds of the video and per-token scores derived from them."""
        starts, window_masks, detections = self._window_detections(inputs, masks, streams)
        batch = inputs.shape[0]
        for index, sample in enumerate(data_samples):
            rate = sample.metainfo['feature_rate']
            rows = []
            for k, start in enumerate(starts):
                length = window_masks[k * batch + index].sum()
                if length == 0:
                    continue
                segments, labels, scores = detections[k * batch + index]
                rows.append(
                    torch.cat([segments * length + start, labels[:, None], scores[:, None]], 1)
                )
            rows = torch.cat(rows).float()  # (N, 4): start, end in tokens of the sample
            if self.merge_nms is not None and len(starts) > 1:
                keep = nms(rows[:, :2], rows[:, 3], self.merge_nms, rows[:, 2].long())
            else:
                keep = torch.argsort(rows[:, 3], descending=True, stable=True)
            rows = rows[keep[: self.max_per_video]]
            seconds = rows.clone()
            seconds[:, :2] = rows[:, :2] / rate
            frame_scores = segments_to_frames(
                seconds,
                int(masks[index].sum()),
                self.head.num_classes,
                rate,
                **self.frame_score_cfg,
            )  # (T_i, C), tokens of the sample
            offset = sample.metainfo.get('window_start', 0) / rate
            instances = InstanceData(
                segments=seconds[:, :2] + offset, labels=rows[:, 2].long(), scores=rows[:, 3]
            )
            self.add_pred_to_datasample(
                sample,
                torch.as_tensor(frame_scores, dtype=torch.float32, device=inputs.device),
                instances,
            )
        return data_samples

    def _forward(self, inputs, masks, streams):
        """Last decoder layer: per prediction set, logits ``(B, N, C)`` and segments."""
        out = self.forward_transformer(inputs, masks, streams)
        return self.head.classify(out['layer_outputs'][-1], len(out['layer_outputs']) - 1)
