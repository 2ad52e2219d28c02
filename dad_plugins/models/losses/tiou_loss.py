"""Temporal IoU loss between aligned pairs of segments."""

import torch

from dad_plugins.registry import MODELS
from dad_plugins.structures import temporal_iou

from .utils import PairLoss


@MODELS.register_module()
class TIoULoss(PairLoss):
    """``1 - tIoU(pred_i, target_i)`` of matched segment pairs (DualDETR Sec. 3.6, Eq. (8), (10)).

    The temporal IoU loss of TadTR / DualDETR. tIoU comes from
    :func:`dad_plugins.structures.temporal_iou`; a pair without overlap costs 1 whatever its
    distance (DIoU adds a distance term).

    Args:
        reduction (str): ``'none'``, ``'mean'`` (over pairs, or divided by ``avg_factor``) or
            ``'sum'``. Defaults to ``'mean'``.
        loss_weight (float): Multiplier of the loss. Defaults to 1.
    """

    def pairwise(self, pred: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        """``(N,)`` ``1 - tIoU`` of ``(N, 2)`` predicted against ``(N, 2)`` target segments."""
        return 1.0 - temporal_iou(pred[:, None], target[:, None].to(pred))[:, 0, 0]
