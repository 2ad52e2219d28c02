"""L1 loss between aligned pairs of coordinate vectors (segments, boxes)."""

import torch

from dad_plugins.registry import MODELS

from .utils import PairLoss


@MODELS.register_module()
class L1Loss(PairLoss):
    """``sum_k |pred_ik - target_ik|`` per pair; the L1 term of DETR-style set losses.

    DualDETR Sec. 3.6, Eq. (8), (10) on normalised ``[start, end]`` segments. As in DETR,
    the coordinates of a pair are summed and ``'mean'`` divides by the number of pairs (or by
    ``avg_factor``, the number of ground-truth instances).

    Args:
        reduction (str): ``'none'``, ``'mean'`` or ``'sum'``. Defaults to ``'mean'``.
        loss_weight (float): Multiplier of the loss. Defaults to 1.
    """

    def pairwise(self, pred: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        """``(N,)`` L1 distances of ``(N, K)`` predictions to ``(N, K)`` targets."""
        if pred.shape != target.shape:
            raise ValueError(f'pred {tuple(pred.shape)} and target {tuple(target.shape)} differ')
        return (pred - target.to(pred)).abs().sum(dim=-1)
