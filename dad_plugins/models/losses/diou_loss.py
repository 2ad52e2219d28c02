"""Distance-IoU loss for 1-D segments given as distances from a point to their boundaries."""

import torch

from dad_plugins.registry import MODELS
from dad_plugins.structures import temporal_iou

from .utils import PairLoss


def offset_iou(pred: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """tIoU of segments that share an anchor point, from their boundary distances.

    A row ``(l, r)`` is the segment ``[t - l, t + r]`` around the same point ``t`` in both
    tensors; the tIoU is :func:`~dad_plugins.structures.temporal_iou` of ``[-l, r]`` pairs.

    Args:
        pred (Tensor): ``(N, 2)`` non-negative distances.
        target (Tensor): ``(N, 2)`` non-negative distances.

    Returns:
        Tensor: ``(N,)`` tIoU in ``[0, 1]`` (0 when both segments have zero length).
    """

    def segments(offsets: torch.Tensor) -> torch.Tensor:
        return torch.stack([-offsets[:, 0], offsets[:, 1]], dim=-1)[:, None]  # (N, 1, 2)

    return temporal_iou(segments(pred), segments(target.to(pred)))[:, 0, 0]


@MODELS.register_module()
class DIoULoss(PairLoss):
    """DIoU loss (Zheng et al., AAAI 2020) of 1-D segments; ASL Eq. (10), ActionFormer.

    For a predicted segment ``p = [t - l_p, t + r_p]`` and its ground truth
    ``g = [t - l_g, t + r_g]``: ``L = 1 - tIoU(p, g) + rho^2 / c^2`` with ``rho`` the distance
    between the two centres, ``(r_p - l_p - r_g + l_g) / 2``, and ``c`` the length of the smallest
    segment enclosing both, ``max(l_p, l_g) + max(r_p, r_g)``.

    Args:
        eps (float): Lower clamp of ``c``. Defaults to 1e-8.
        reduction (str): ``'none'``, ``'mean'`` (sum divided by the number of valid rows or by
            ``avg_factor``) or ``'sum'``. Defaults to ``'mean'``.
        loss_weight (float): Multiplier of the loss. Defaults to 1.
    """

    def __init__(
        self, eps: float = 1e-8, reduction: str = 'mean', loss_weight: float = 1.0
    ) -> None:
        super().__init__(reduction, loss_weight)
        self.eps = eps

    def pairwise(self, pred: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        """``(N,)`` DIoU loss of predicted ``(N, 2)`` (left, right) non-negative distances against
        ground-truth distances ``(N, 2)``."""
        if pred.shape != target.shape or pred.shape[-1] != 2:
            raise ValueError(f'pred {tuple(pred.shape)} and target {tuple(target.shape)}: (N, 2)')
        target = target.to(pred.dtype)
        enclosing = torch.maximum(pred, target).sum(-1).clamp(min=self.eps)  # (N,)
        centre_distance = 0.5 * ((pred[:, 1] - pred[:, 0]) - (target[:, 1] - target[:, 0]))
        return 1.0 - offset_iou(pred, target) + (centre_distance / enclosing) ** 2
