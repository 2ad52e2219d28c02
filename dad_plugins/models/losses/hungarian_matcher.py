"""One-to-one assignment of predictions to ground-truth segments (DETR set prediction)."""

import torch
from scipy.optimize import linear_sum_assignment

from dad_plugins.registry import TASK_UTILS
from dad_plugins.structures import temporal_iou

# Added to probabilities inside the logarithms of the focal cost (Deformable DETR's constant).
_LOG_EPS = 1e-8


@TASK_UTILS.register_module()
class HungarianMatcher:
    """Bipartite matching with classification, tIoU and L1 costs (DualDETR Sec. 3.6, Eq. (8)-(9)).

    ``C[i, j] = w_cls C_cls + w_iou C_iou + w_L1 C_L1`` between prediction ``i`` and ground
    truth ``j``; the assignment minimising the total cost is found with SciPy's
    ``linear_sum_assignment``. Following Deformable DETR / TadTR (DualDETR's [31, 66]):

    - ``C_cls``: the focal-loss difference at the ground-truth class ``a_j``,
      ``alpha (1 - p)^gamma (-log p) - (1 - alpha) p^gamma (-log(1 - p))``, ``p = sigmoid``;
    - ``C_iou = -tIoU``;
    - ``C_L1``: L1 distance between ``[start, end]`` vectors.

    Multi-label ground truth needs nothing special: two instances on the same span with
    different classes are two targets, matched to two different predictions.

    Args:
        cost_cls (float): ``alpha_cls``. Defaults to 6.
        cost_iou (float): ``alpha_iou``. Defaults to 2.
        cost_l1 (float): ``alpha_L1``. Defaults to 5.
        focal_alpha (float): ``alpha`` of the focal cost. Defaults to 0.25.
        focal_gamma (float): ``gamma`` of the focal cost. Defaults to 2.
    """

    def __init__(
        self,
        cost_cls: float = 6.0,
        cost_iou: float = 2.0,
        cost_l1: float = 5.0,
        focal_alpha: float = 0.25,
        focal_gamma: float = 2.0,
    ) -> None:
        self.cost_cls = cost_cls
        self.cost_iou = cost_iou
        self.cost_l1 = cost_l1
        self.focal_alpha = focal_alpha
        self.focal_gamma = focal_gamma

    @torch.no_grad()
    def cost_matrix(
        self,
        logits: torch.Tensor,
        segments: torch.Tensor,
        gt_labels: torch.Tensor,
        gt_segments: torch.Tensor,
    ) -> torch.Tensor:
        """Weighted matching cost.

        Args:
            logits (Tensor): ``(N, C)`` class logits of the predictions.
            segments (Tensor): ``(N, 2)`` predicted segments, normalised.
            gt_labels (Tensor): ``(M,)`` long classes of the ground truth.
            gt_segments (Tensor): ``(M, 2)`` ground-truth segments, normalised.

        Returns:
            Tensor: ``(N, M)`` cost.
        """
        prob = logits.sigmoid()[:, gt_labels]  # (N, M)
        alpha, gamma = self.focal_alpha, self.focal_gamma
        pos = alpha * (1 - prob).pow(gamma) * -(prob + _LOG_EPS).log()
        neg = (1 - alpha) * prob.pow(gamma) * -(1 - prob + _LOG_EPS).log()
        gt_segments = gt_segments.to(segments)
        iou = temporal_iou(segments, gt_segments)  # (N, M)
        l1 = torch.cdist(segments, gt_segments, p=1)  # (N, M)
        return self.cost_cls * (pos - neg) - self.cost_iou * iou + self.cost_l1 * l1

    @staticmethod
    def assign(cost: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Minimum-cost one-to-one assignment of a ``(N, M)`` cost matrix.

        Returns:
            tuple[Tensor, Tensor]: Prediction and ground-truth indices ``(min(N, M),)`` each
            (long, on the device of ``cost``), ordered by prediction index.
        """
        rows, cols = linear_sum_assignment(cost.detach().cpu().double().numpy())  # rows sorted
        return (
            torch.as_tensor(rows, dtype=torch.long, device=cost.device),
            torch.as_tensor(cols, dtype=torch.long, device=cost.device),
        )

    def __call__(
        self,
        logits: torch.Tensor,
        segments: torch.Tensor,
        gt_labels: torch.Tensor,
        gt_segments: torch.Tensor,
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """Match ``N`` predictions to ``M`` ground-truth instances; see :meth:`cost_matrix`.

        Returns:
            tuple[Tensor, Tensor]: Matched prediction and ground-truth indices (empty when
            ``N`` or ``M`` is 0).
        """
        if logits.shape[0] == 0 or gt_labels.numel() == 0:
            empty = torch.zeros(0, dtype=torch.long, device=logits.device)
            return empty, empty
        return self.assign(self.cost_matrix(logits, segments, gt_labels, gt_segments))
