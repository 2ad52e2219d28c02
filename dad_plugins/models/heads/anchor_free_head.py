"""Anchor-free dense head over a feature pyramid (FCOS / ActionFormer / ASL)."""

import math
from collections.abc import Sequence
from typing import NamedTuple

import torch
from mmengine.model import BaseModule
from mmengine.structures import InstanceData
from torch import nn

from dad_plugins.registry import MODELS
from dad_plugins.structures import soft_nms
from dad_plugins.utils.typing import OptConfigType, OptMultiConfig, SampleList

from ..layers import MaskedConv1d, zero_padding
from ..layers.norms import channel_layer_norm
from ..utils import assign_points, generate_points

#: ActionFormer's regression ranges (input tokens) for levels of strides 1, 2, ..., 32.
DEFAULT_REGRESS_RANGES = ((0, 4), (4, 8), (8, 16), (16, 32), (32, 64), (64, 10000))
#: ActionFormer's inference settings; ``max_per_video`` 200 is ASL's on MultiTHUMOS / Charades.
DEFAULT_TEST_CFG = dict(
    pre_nms_thresh=0.001,
    pre_nms_topk=5000,
    duration_thresh=0.05,
    nms=dict(method='gaussian', sigma=0.5, iou_threshold=0.1, min_score=0.001),
    max_per_video=200,
)


class PointTargets(NamedTuple):
    """Targets of every point of a batch (levels concatenated, ``P`` points).

    Attributes:
        points (Tensor): ``(P, 4)`` rows ``[position, range_min, range_max, stride]``.
        cls (Tensor): ``(B, P, C)`` multi-hot classes.
        reg (Tensor): ``(B, P, 2)`` boundary distances over the stride.
        matched (Tensor): ``(B, P)`` index of the matched segment in its video, -1 if none.
        valid (Tensor): ``(B, P)`` bool, the point is a real token.
        positive (Tensor): ``(B, P)`` bool, valid and matched.
    """

    points: torch.Tensor
    cls: torch.Tensor
    reg: torch.Tensor
    matched: torch.Tensor
    valid: torch.Tensor
    positive: torch.Tensor


@MODELS.register_module()
class AnchorFreeHead(BaseModule):
    """Shared classification and boundary-regression heads over every pyramid level.

    Each level's features go through two towers of ``num_convs x (Conv(k), LN, ReLU)`` and a
    ``Conv(k)`` to ``C`` class logits (bias from ``prior_prob``) and to 2 distances to the start
    and the end (``ReLU(scale_l * x)``, one learnt scale per level, in units of the level's
    stride): ASL Sec. 3 "anchor-free representation", ActionFormer's heads.

    Training: every point (token of a level) is assigned a ground-truth segment by
    :func:`~dad_plugins.models.utils.assign_points` (centre sampling, per-level regression ranges,
    shortest duration among overlapping actions, ASL Sec. 4.2). The focal loss runs on all valid
    points and the DIoU loss on positive points, both divided by an exponential moving average of
    the number of positives (ActionFormer). :meth:`sample_weights` may weight points (ASL).

    Inference: per level, every ``(point, class)`` with probability above ``pre_nms_thresh`` (at
    most ``pre_nms_topk`` of them) is a candidate; its segment is decoded, those not longer than
    ``duration_thresh`` tokens dropped; class-wise Soft-NMS keeps ``max_per_video`` detections
    (ASL Sec. 3.4, 4.2). Segments are returned in tokens of the input.

    Args:
        num_classes (int): ``C``.
        in_channels (int): Channels of the pyramid features.
        feat_channels (int): Channels of the towers. Defaults to 512.
        num_convs (int): Convolutions per tower before the output one. Defaults to 2.
        kernel_size (int): Temporal kernel. Defaults to 3.
        with_ln (bool): LayerNorm in the towers. Defaults to True.
        strides (Sequence[int]): Stride of every level in input tokens. Defaults to
            ``(1, 2, 4, 8, 16, 32)``.
        regress_ranges (Sequence[Sequence[float]]): Per-level regression range in input tokens.
            Defaults to :data:`DEFAULT_REGRESS_RANGES`.
        center_sample_radius (float, optional): Centre-sampling radius in strides; None turns
            centre sampling off. Defaults to 1.5.
        prior_prob (float): Initial foreground probability of the classifier. Defaults to 0.01.
        loss_cls (dict, optional): Classification loss. Defaults to ``FocalLoss`` (alpha 0.25,
            gamma 2).
        loss_loc (dict, optional): Regression loss. Defaults to ``DIoULoss``.
        init_loss_norm (float): Initial value of the positives' moving average. Defaults to 100.
        loss_norm_momentum (float): Its momentum. Defaults to 0.9.
        test_cfg (dict, optional): Overrides of :data:`DEFAULT_TEST_CFG` (``nms`` holds the
            arguments of :func:`~dad_plugins.structures.soft_nms`).
        init_cfg (dict | list[dict], optional): Initialisation config.
    """

    def __init__(
        self,
        num_classes: int,
        in_channels: int,
        feat_channels: int = 512,
        num_convs: int = 2,
        kernel_size: int = 3,
        with_ln: bool = True,
        strides: Sequence[int] = (1, 2, 4, 8, 16, 32),
        regress_ranges: Sequence[Sequence[float]] = DEFAULT_REGRESS_RANGES,
        center_sample_radius: float | None = 1.5,
        prior_prob: float = 0.01,
        loss_cls: OptConfigType = None,
        loss_loc: OptConfigType = None,
        init_loss_norm: float = 100.0,
        loss_norm_momentum: float = 0.9,
        test_cfg: OptConfigType = None,
        init_cfg: OptMultiConfig = None,
    ) -> None:
        super().__init__(init_cfg=init_cfg)
        if len(strides) != len(regress_ranges):
            raise ValueError(f'{len(strides)} strides but {len(regress_ranges)} regress_ranges')
        self.num_classes = num_classes
        self.in_channels = in_channels
        self.strides = tuple(strides)
        self.regress_ranges = tuple(tuple(r) for r in regress_ranges)
        self.center_sample_radius = center_sample_radius

        def tower() -> nn.ModuleDict:
            channels = [in_channels] + [feat_channels] * num_convs
            return nn.ModuleDict(
                dict(
                    convs=nn.ModuleList(
                        MaskedConv1d(c_in, c_out, kernel_size, bias=not with_ln)
                        for c_in, c_out in zip(channels[:-1], channels[1:])
                    ),
                    norms=nn.ModuleList(
                        nn.LayerNorm(feat_channels) if with_ln else nn.Identity()
                        for _ in range(num_convs)
                    ),
                )
            )

        out_channels = feat_channels if num_convs else in_channels
        self.cls_tower, self.reg_tower = tower(), tower()
        self.cls_out = MaskedConv1d(out_channels, num_classes, kernel_size)
        self.reg_out = MaskedConv1d(out_channels, 2, kernel_size)
        nn.init.constant_(self.cls_out.conv.bias, -math.log((1 - prior_prob) / prior_prob))
        self.scales = nn.Parameter(torch.ones(len(self.strides)))
        self.loss_cls = MODELS.build(loss_cls or dict(type='FocalLoss', alpha=0.25, gamma=2.0))
        self.loss_loc = MODELS.build(loss_loc or dict(type='DIoULoss'))
        self.register_buffer('loss_normalizer', torch.tensor(float(init_loss_norm)))
        self.loss_norm_momentum = loss_norm_momentum
        self.test_cfg = {**DEFAULT_TEST_CFG, **(test_cfg or {})}

    @staticmethod
    def _run_tower(tower: nn.ModuleDict, x: torch.Tensor, masks: torch.Tensor) -> torch.Tensor:
        for conv, norm in zip(tower['convs'], tower['norms']):
            x, _ = conv(x, masks)
            x = zero_padding(torch.relu(channel_layer_norm(norm, x)), masks)
        return x

    def forward(
        self, feats: Sequence[torch.Tensor], masks: Sequence[torch.Tensor]
    ) -> tuple[tuple[torch.Tensor, ...], tuple[torch.Tensor, ...]]:
        """Class logits ``(B, C, T_l)`` and boundary distances ``(B, 2, T_l)`` (in strides) of
        every level."""
        if len(feats) != len(self.strides):
            raise ValueError(f'{len(feats)} feature levels for {len(self.strides)} strides')
        logits, offsets = [], []
        for level, (x, m) in enumerate(zip(feats, masks)):
            logits.append(self.cls_out(self._run_tower(self.cls_tower, x, m), m)[0])
            distance = self.reg_out(self._run_tower(self.reg_tower, x, m), m)[0]
            offsets.append(torch.relu(self.scales[level] * distance))
        return tuple(logits), tuple(offsets)

    def get_targets(
        self, feats: Sequence[torch.Tensor], masks: Sequence[torch.Tensor], data_samples: SampleList
    ) -> PointTargets:
        """Assign the ground-truth instances (``token_segments``, ``labels``) of every sample."""
        device = feats[0].device
        points = generate_points(
            [x.shape[-1] for x in feats], self.strides, self.regress_ranges, device
        )
        assigned = [
            assign_points(
                points,
                sample.gt_instances.token_segments.to(device),
                sample.gt_instances.labels.to(device),
                self.num_classes,
                self.center_sample_radius,
            )
            for sample in data_samples
        ]
        cls, reg, matched = (torch.stack(t) for t in zip(*assigned))
        valid = torch.cat(list(masks), dim=1)
        return PointTargets(points, cls, reg, matched, valid, valid & (matched >= 0))

    def sample_weights(
        self,
        feats: Sequence[torch.Tensor],
        masks: Sequence[torch.Tensor],
        data_samples: SampleList,
        logits: torch.Tensor,
        offsets: torch.Tensor,
        targets: PointTargets,
    ) -> tuple[torch.Tensor | None, torch.Tensor | None, dict[str, torch.Tensor]]:
        """Per-point weights of the classification and regression losses ``(B, P)`` (None:
        unweighted) and extra losses; subclasses add them (e.g. ASL's sensitivity)."""
        return None, None, {}

    def loss(
        self, feats: Sequence[torch.Tensor], masks: Sequence[torch.Tensor], data_samples: SampleList
    ) -> dict:
        """Focal and DIoU losses of the batch (and the extra losses of :meth:`sample_weights`)."""
        cls_logits, offsets = self(feats, masks)
        logits = torch.cat(cls_logits, dim=-1).transpose(1, 2)  # (B, P, C)
        offsets = torch.cat(offsets, dim=-1).transpose(1, 2)  # (B, P, 2)
        targets = self.get_targets(feats, masks, data_samples)
        num_positive = targets.positive.sum().clamp(min=1).to(self.loss_normalizer)
        momentum = self.loss_norm_momentum
        self.loss_normalizer.mul_(momentum).add_((1 - momentum) * num_positive)
        cls_weight, loc_weight, losses = self.sample_weights(
            feats, masks, data_samples, logits, offsets, targets
        )
        positive = targets.positive
        losses['loss_cls'] = self.loss_cls(
            logits.flatten(0, 1),
            targets.cls.flatten(0, 1),
            weight=None if cls_weight is None else cls_weight.reshape(-1, 1),
            mask=targets.valid.flatten(),
            avg_factor=self.loss_normalizer,
        )
        losses['loss_loc'] = self.loss_loc(
            offsets[positive],
            targets.reg[positive],
            weight=None if loc_weight is None else loc_weight[positive],
            avg_factor=self.loss_normalizer,
        )
        return losses

    def predict(
        self, feats: Sequence[torch.Tensor], masks: Sequence[torch.Tensor]
    ) -> list[InstanceData]:
        """Detections of every input: ``segments (N, 2)`` in input tokens, ``labels``, ``scores``
        (after Soft-NMS, by descending score)."""
        cls_logits, offsets = self(feats, masks)
        points = generate_points(
            [x.shape[-1] for x in feats], self.strides, self.regress_ranges, feats[0].device
        ).split([x.shape[-1] for x in feats])
        cfg = self.test_cfg
        results = []
        for index in range(feats[0].shape[0]):
            candidates = [
                self._decode_level(logits[index], offset[index], mask[index], level_points)
                for logits, offset, mask, level_points in zip(cls_logits, offsets, masks, points)
            ]
            segments, scores, labels = (torch.cat(c) for c in zip(*candidates))
            segments, scores, labels = soft_nms(
                segments, scores, labels, **cfg['nms'], max_num=cfg['max_per_video']
            )
            results.append(InstanceData(segments=segments, labels=labels, scores=scores))
        return results

    def _decode_level(
        self, logits: torch.Tensor, offsets: torch.Tensor, mask: torch.Tensor, points: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """Candidates of one level of one video: ``segments (n, 2)`` in tokens, scores, labels.

        Args:
            logits (Tensor): ``(C, T_l)``.
            offsets (Tensor): ``(2, T_l)``.
            mask (Tensor): ``(T_l,)``.
            points (Tensor): ``(T_l, 4)``.
        """
        cfg = self.test_cfg
        probs = (logits.sigmoid() * mask).t().flatten()  # (T_l * C,), point-major
        index = torch.nonzero(probs > cfg['pre_nms_thresh'])[:, 0]
        scores, order = probs[index].topk(min(cfg['pre_nms_topk'], index.numel()))
        index = index[order]
        point, label = index // self.num_classes, index % self.num_classes
        position, stride = points[point, 0], points[point, 3]
        distance = offsets[:, point] * stride  # (2, n)
        segments = torch.stack([position - distance[0], position + distance[1]], dim=1)
        keep = segments[:, 1] - segments[:, 0] > cfg['duration_thresh']
        return segments[keep], scores[keep], label[keep]
