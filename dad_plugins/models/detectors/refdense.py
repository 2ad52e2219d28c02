"""RefDense: Action-Entity and Action-Motion sub-networks over two feature streams."""

import torch

from dad_plugins.registry import MODELS
from dad_plugins.utils.typing import ConfigType, OptConfigType, OptMultiConfig

from .frame_detector import FrameDetector


@MODELS.register_module()
class RefDense(FrameDetector):
    """Two sub-networks, one per sub-concept, fused for dense action detection.

    RefDense Sec. 3.2 and Fig. 2:

    - Action-Entity: ``entity_encoder`` (one PAT RPT block, ``FineDet(num_blocks=1)``) over the
      entity stream (CLIP image features of each segment's middle frame), Eq. (5).
    - Action-Motion: PAT's Fine-Det ``backbone`` and non-hierarchical Coarse-Det ``neck`` over
      the main stream (I3D). With ``cross_attention`` every scale cross-attends to the
      Action-Entity features (Eq. (6)-(7)): the detector sets ``context_channels`` of both
      configs to the entity encoder's ``out_channels``. Fine and coarse motion features are
      summed, the fusion of the MS-TCT / PAT backbone.
    - ``head`` (:class:`~dad_plugins.models.heads.RefDenseHead`) reads ``(F_ent, F_mot)``.

    Inference, sliding windows and post-processing are those of :class:`FrameDetector`.

    Args:
        entity_encoder (dict): Action-Entity temporal model; its output channels are
            ``out_channels``.
        backbone (dict): Action-Motion fine module (``FineDet``).
        neck (dict): Action-Motion coarse module (``CoarseDet``) returning ``(fine, coarse)``.
        head (dict): ``RefDenseHead`` config.
        entity_stream (str): Name of the entity stream in the dataset's ``data_prefix``.
            Defaults to ``'entity'``.
        cross_attention (bool): Action-Motion attends to Action-Entity (RefDense Table 7).
            Defaults to True.
        test_cfg (dict, optional): See :class:`FrameDetector`.
        data_preprocessor (dict, optional): See :class:`BaseDenseDetector`.
        init_cfg (dict | list[dict], optional): Initialisation config.
    """

    def __init__(
        self,
        entity_encoder: ConfigType,
        backbone: ConfigType,
        neck: ConfigType,
        head: ConfigType,
        entity_stream: str = 'entity',
        cross_attention: bool = True,
        test_cfg: OptConfigType = None,
        data_preprocessor: OptConfigType = None,
        init_cfg: OptMultiConfig = None,
    ) -> None:
        entity_encoder = MODELS.build(entity_encoder)
        if cross_attention:
            context = dict(context_channels=entity_encoder.out_channels)
            backbone, neck = dict(backbone, **context), dict(neck, **context)
        super().__init__(
            backbone,
            head,
            neck=neck,
            test_cfg=test_cfg,
            data_preprocessor=data_preprocessor,
            init_cfg=init_cfg,
        )
        self.entity_encoder = entity_encoder
        self.entity_stream = entity_stream
        self.cross_attention = cross_attention

    def extract_feat(
        self, inputs: torch.Tensor, masks: torch.Tensor, streams: dict[str, torch.Tensor]
    ) -> tuple[tuple[torch.Tensor, torch.Tensor], torch.Tensor]:
        """Action-Entity and Action-Motion features, each ``(B, D*, T)``, and the masks."""
        if self.entity_stream not in streams:
            raise KeyError(
                f'RefDense needs the {self.entity_stream!r} feature stream, got '
                f'{sorted(streams)}: add {self.entity_stream}=<folder> to the dataset data_prefix'
            )
        entity, _ = self.entity_encoder(streams[self.entity_stream], masks)  # (B, D*, T)
        context = dict(context=entity, context_masks=masks) if self.cross_attention else {}
        fine, _ = self.backbone(inputs, masks, **context)  # (B, D*, T)
        (fine, coarse), _ = self.neck(fine, masks, **context)
        return (entity, fine + coarse), masks
