"""DualDETR: query-based detector with dual-level (instance / boundary) queries."""

import torch

from dad_plugins.registry import MODELS
from dad_plugins.structures import TokenPrediction
from dad_plugins.utils.typing import ConfigType, OptConfigType, OptMultiConfig

from ..layers.deformable_attention_1d import token_centres
from ..layers.feature_levels import as_levels
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
    detections are moved to tokens of the video and concatenated; an optional class-wise NMS
    (``merge_nms``, tIoU threshold) removes the duplicates of overlapping windows (see
    :class:`BaseDenseDetector`). Per-token scores come from the detections through the
    ``post_processor`` (default ``SegmentsToFrames``), so per-frame and segmentation mAP apply
    (Table 1 "Seg-mAP").

    Args:
        backbone (dict): Encoder config, ``backbone(inputs, masks, **streams)``.
        decoder (dict): Decoder config (``DualBranchDecoder``).
        head (dict): Head config (``DualDETRHead``); ``embed_dims``, ``set_dims`` and
            ``num_layers`` default to the decoder's.
        neck (dict, optional): Applied to the backbone's ``(feats, masks)``, returning the same.
        test_cfg (dict, optional): ``max_per_window`` (top (query, class) pairs of one pass,
            default 100), ``decode_layers`` (default False: True also decodes every decoder
            layer into ``pred_layer_instances``, evaluated by ``PerLayerMetric``, Fig. 5) and
            the keys of :class:`BaseDenseDetector` (sliding windows,
            ``merge_nms``, ``max_per_video``, ``post_processor``: default ``SegmentsToFrames``).
        data_preprocessor (dict, optional): See :class:`BaseDenseDetector`.
        init_cfg (dict | list[dict], optional): Initialisation config.
    """

    default_post_processor = dict(type='SegmentsToFrames')

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
        super().__init__(test_cfg=test_cfg, data_preprocessor=data_preprocessor, init_cfg=init_cfg)
        self.backbone = MODELS.build(backbone)
        self.neck = MODELS.build(neck) if neck is not None else None
        self.decoder = MODELS.build(decoder)
        head = dict(head)
        head.setdefault('embed_dims', self.decoder.embed_dims)
        head.setdefault('set_dims', self.decoder.set_dims)
        head.setdefault('num_layers', self.decoder.num_layers)
        self.head = MODELS.build(head)
        self.max_per_window = self.test_cfg.get('max_per_window', 100)
        self.decode_layers = self.test_cfg.get('decode_layers', False)

    def forward_transformer(
        self, inputs: torch.Tensor, masks: torch.Tensor, streams: dict[str, torch.Tensor]
    ) -> dict:
        """Encoder, dense proposals, query selection and decoder.

        Returns:
            dict: ``layer_outputs`` (decoder outputs per layer), ``query_masks`` ``(B, N)``,
            ``enc_logits`` ``(B, S, C)``, ``enc_segments`` ``(B, S, 2)``, ``enc_masks``
            ``(B, S)`` over the ``S`` tokens of all levels.
        """
        feats, feat_masks = self.backbone(inputs, masks, **streams)
        if self.neck is not None:
            feats, feat_masks = self.neck(feats, feat_masks)
        levels, level_masks = as_levels(feats, feat_masks)
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

    def predict_tokens(self, inputs, masks, streams) -> list[TokenPrediction]:
        """The top ``max_per_window`` (query, class) detections of every input, in its tokens;
        with ``decode_layers`` also those of every decoder layer (``layer_instances``)."""
        out = self.forward_transformer(inputs, masks, streams)
        layers = range(len(out['layer_outputs'])) if self.decode_layers else [-1]
        per_layer = [
            self.head.predict(
                out['layer_outputs'], out['query_masks'], masks.sum(1), self.max_per_window, layer
            )
            for layer in layers
        ]  # per_layer[l][b]: detections of layer l for input b
        return [
            TokenPrediction(
                num_tokens=int(mask.sum()),
                num_classes=self.head.num_classes,
                instances=per_layer[-1][index],
                layer_instances=[layer[index] for layer in per_layer]
                if self.decode_layers
                else None,
            )
            for index, mask in enumerate(masks)
        ]

    def _forward(self, inputs, masks, streams):
        """Last decoder layer: per prediction set, logits ``(B, N, C)`` and segments."""
        out = self.forward_transformer(inputs, masks, streams)
        return self.head.classify(out['layer_outputs'][-1], len(out['layer_outputs']) - 1)
