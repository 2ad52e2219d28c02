"""ASL's dense head: the anchor-free head trained with action sensitivity and ASCL."""

from collections.abc import Sequence

import torch
import torch.nn.functional as F

from dad_plugins.registry import MODELS
from dad_plugins.utils.typing import OptConfigType, SampleList

from ..layers import normalised_position
from ..losses.diou_loss import offset_iou
from .anchor_free_head import AnchorFreeHead, PointTargets


def video_label_loss(
    logits: torch.Tensor, valid: torch.Tensor, labels: list[torch.Tensor]
) -> torch.Tensor:
    """Video-level label loss of the released ASL code (summed over videos and classes).

    The video score of a class is the maximum over its valid points of the class probability,
    a softmax over the classes of each point (as released); its target is 1 when the video
    (window) holds an instance of the class. Binary cross-entropy, summed.

    Args:
        logits (Tensor): ``(B, P, C)`` class logits of every point.
        valid (Tensor): ``(B, P)`` bool.
        labels (list[Tensor]): Per video, the classes of its instances.

    Returns:
        Tensor: Scalar.
    """
    scores = logits.softmax(dim=-1).masked_fill(~valid[..., None], 0.0).amax(dim=1)  # (B, C)
    targets = torch.zeros_like(scores)
    for target, video_labels in zip(targets, labels):
        target[video_labels] = 1.0
    eps = torch.finfo(scores.dtype).eps
    return F.binary_cross_entropy(scores.clamp(eps, 1 - eps), targets, reduction='sum')


@MODELS.register_module()
class ASLHead(AnchorFreeHead):
    """:class:`AnchorFreeHead` trained as ASL (Sec. 3.2-3.4, Eq. (9), (10), (15)).

    - ``sensitivity_evaluator``: an :class:`ActionSensitivityEvaluator` config (``num_classes``
      and ``in_channels`` are filled in). Positive points weight their focal loss by ``h^cls`` and
      their DIoU loss by ``h^loc`` of the ground truth they are assigned to (background points
      keep 1), and ``L_s`` (``loss_sensitivity``) trains the instance-level evaluators.
    - ``loss_ascl``: an :class:`ASCLLoss` config, computed on the level-0 (full-resolution)
      pyramid features with the evaluator's class-level curves (centre frames when there are
      none: ASL Table 5, row 4).
    - ``video_loss_weight``: the video-level label loss of the released code (0.2 there; not in
      the paper), divided by the positives' moving average like the other losses. 0 disables it.

    Without any of them it is the plain anchor-free baseline (ASL Table 5, row 1).

    Args:
        sensitivity_evaluator (dict, optional): ASE config. Defaults to None.
        loss_ascl (dict, optional): ASCL config. Defaults to None.
        video_loss_weight (float): Weight of the video-level label loss. Defaults to 0.
        **kwargs: Arguments of :class:`AnchorFreeHead`.
    """

    def __init__(
        self,
        *args,
        sensitivity_evaluator: OptConfigType = None,
        loss_ascl: OptConfigType = None,
        video_loss_weight: float = 0.0,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.sensitivity_evaluator = None
        if sensitivity_evaluator is not None:
            self.sensitivity_evaluator = MODELS.build(
                dict(
                    type='ActionSensitivityEvaluator',
                    num_classes=self.num_classes,
                    in_channels=self.in_channels,
                )
                | dict(sensitivity_evaluator)
            )
        self.loss_ascl = None if loss_ascl is None else MODELS.build(loss_ascl)
        self.video_loss_weight = video_loss_weight

    def sample_weights(
        self,
        feats: Sequence[torch.Tensor],
        masks: Sequence[torch.Tensor],
        data_samples: SampleList,
        logits: torch.Tensor,
        offsets: torch.Tensor,
        targets: PointTargets,
    ) -> tuple[torch.Tensor | None, torch.Tensor | None, dict[str, torch.Tensor]]:
        """Sensitivity weights of positive points, ``L_s``, ASCL and the video-level loss."""
        device = logits.device
        segments = [s.gt_instances.token_segments.to(device) for s in data_samples]
        labels = [s.gt_instances.labels.to(device) for s in data_samples]
        cls_weight = loc_weight = None
        losses = {}
        if self.sensitivity_evaluator is not None:
            cls_weight, loc_weight, losses = self._sensitivity(
                feats, masks, logits, offsets, targets, segments, labels
            )
        if self.loss_ascl is not None:
            losses['loss_ascl'] = self._ascl(feats[0], masks[0], segments, labels)
        if self.video_loss_weight > 0:
            losses['loss_video'] = (
                self.video_loss_weight
                * video_label_loss(logits, targets.valid, labels)
                / self.loss_normalizer
            )
        return cls_weight, loc_weight, losses

    def _sensitivity(
        self,
        feats: Sequence[torch.Tensor],
        masks: Sequence[torch.Tensor],
        logits: torch.Tensor,
        offsets: torch.Tensor,
        targets: PointTargets,
        segments: list[torch.Tensor],
        labels: list[torch.Tensor],
    ) -> tuple[torch.Tensor, torch.Tensor, dict[str, torch.Tensor]]:
        """``h^cls``, ``h^loc`` ``(B, P)`` (1 on non-positive points) and ``L_s``."""
        ase = self.sensitivity_evaluator
        video, point = targets.positive.nonzero(as_tuple=True)  # (N,) each
        counts = torch.tensor([len(x) for x in labels], device=logits.device)
        instance = (counts.cumsum(0) - counts)[video] + targets.matched[video, point]
        instance_segments = torch.cat(segments)[instance]  # (N, 2)
        instance_labels = torch.cat(labels)[instance]  # (N,)
        d = normalised_position(targets.points[point, 0], instance_segments)
        q_cls = q_loc = None
        losses = {}
        if ase.instance_level:
            q_cls, q_loc = (q[video, point] for q in ase.instance_scores(feats, masks))
            losses['loss_sensitivity'] = ase.loss(
                q_cls,
                q_loc,
                logits[video, point, instance_labels].sigmoid(),
                offset_iou(offsets[video, point], targets.reg[video, point]),
            )
        h_cls, h_loc = ase.weights(d, instance_labels, q_cls, q_loc)
        cls_weight = torch.ones_like(targets.valid, dtype=logits.dtype)
        loc_weight = torch.ones_like(cls_weight)
        cls_weight[video, point] = h_cls.to(logits.dtype)
        loc_weight[video, point] = h_loc.to(logits.dtype)
        return cls_weight, loc_weight, losses

    def _ascl(
        self,
        feats: torch.Tensor,
        masks: torch.Tensor,
        segments: list[torch.Tensor],
        labels: list[torch.Tensor],
    ) -> torch.Tensor:
        """ASCL on full-resolution features ``(B, C, T)`` with the class-level curves."""
        ase = self.sensitivity_evaluator
        curves = [
            ase.frame_curves(s.to(feats.dtype), c, feats.shape[-1])
            if ase is not None
            else (None, None)
            for s, c in zip(segments, labels)
        ]
        cls_curves, loc_curves = (list(c) for c in zip(*curves))
        return self.loss_ascl(feats, masks, segments, labels, cls_curves, loc_curves)
