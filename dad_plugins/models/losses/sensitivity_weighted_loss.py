"""Class-level action sensitivity as a weighting of any per-token multi-label loss."""

from collections.abc import Sequence

import torch
import torch.nn.functional as F
from torch import nn

from dad_plugins.registry import MODELS
from dad_plugins.utils.typing import ConfigType

from ..layers import ClassGaussians, normalised_position

Instances = Sequence[tuple[torch.Tensor, torch.Tensor]]


def positive_run_positions(positives: torch.Tensor) -> torch.Tensor:
    """Normalised position ``d`` of every positive token inside its run of positives.

    A maximal run of consecutive positive tokens ``t0 .. t1`` of one class is one instance;
    its token ``t`` gets ``d = (t - (t0 + t1) / 2) / (t1 - t0)``: ``-0.5`` on the first token,
    ``0.5`` on the last (ASL Eq. (3), ``i = 1`` and ``i = N_f``), 0 for a one-token run.

    Args:
        positives (Tensor): ``(..., T)`` bool.

    Returns:
        Tensor: ``(..., T)`` float, 0 on negative tokens.
    """
    length = positives.shape[-1]
    index = torch.arange(length, device=positives.device)
    first = positives & ~F.pad(positives[..., :-1], (1, 0), value=False)
    last = positives & ~F.pad(positives[..., 1:], (0, 1), value=False)
    starts = torch.where(first, index, -1).cummax(dim=-1).values  # latest run start <= t
    ends = torch.where(last, index, length).flip(-1).cummin(dim=-1).values.flip(-1)  # next end
    d = normalised_position(index.float(), torch.stack([starts, ends], dim=-1).float())
    return d.masked_fill(~positives, 0.0)


def instance_positions(positives: torch.Tensor, instances: Instances) -> torch.Tensor:
    """Normalised position ``d`` of every positive token inside its ground-truth instance.

    The positive tokens of class ``c`` within ``[start, end]`` of an instance of ``c`` are that
    instance's tokens ``t0 .. t1``; each gets ``d = (t - (t0 + t1) / 2) / (t1 - t0)`` (ASL
    Eq. (3)), so two touching same-class instances stay two. A token inside several instances of
    its class takes the one where ``|d|`` is smallest (the first such instance on a tie); a
    positive token inside none keeps its run's position (:func:`positive_run_positions`).

    Args:
        positives (Tensor): ``(B, C, T)`` bool.
        instances (Sequence[tuple[Tensor, Tensor]]): Per video, ``token_segments (N, 2)`` in
            tokens of the sample and ``labels (N,)``.

    Returns:
        Tensor: ``(B, C, T)`` float, 0 on negative tokens.
    """
    d = positive_run_positions(positives)  # (B, C, T)
    num_classes, length = positives.shape[1:]
    index = torch.arange(length, device=positives.device)  # (T,)
    for b, (segments, labels) in enumerate(instances):
        if len(labels) == 0:
            continue
        segments = segments.to(positives.device, torch.float32)  # (N, 2)
        labels = labels.to(positives.device, torch.long)  # (N,)
        inside = (index >= segments[:, :1]) & (index <= segments[:, 1:])  # (N, T)
        covered = positives[b, labels] & inside  # (N, T)
        first = torch.where(covered, index, length).amin(dim=1)  # (N,)
        last = torch.where(covered, index, -1).amax(dim=1)  # (N,)
        ends = torch.stack([first, last], dim=-1).float()[:, None, :]  # (N, 1, 2)
        candidate = normalised_position(index.float(), ends)  # (N, T)
        distance = torch.where(covered, candidate.abs(), torch.inf)  # (N, T)
        by_class = labels[:, None].expand_as(distance)  # (N, T)
        nearest = distance.new_full((num_classes, length), torch.inf).scatter_reduce(
            0, by_class, distance, 'amin'
        )  # (C, T)
        order = torch.arange(len(labels), device=positives.device)[:, None].expand_as(distance)
        best = covered & (distance == nearest[labels])  # (N, T)
        chosen = torch.full_like(nearest, len(labels), dtype=torch.long).scatter_reduce(
            0, by_class, torch.where(best, order, len(labels)), 'amin'
        )  # (C, T) first nearest instance, N where none covers the token
        found = chosen < len(labels)
        value = candidate.gather(0, chosen.clamp(max=len(labels) - 1))  # (C, T)
        d[b] = torch.where(found, value, d[b])
    return d


@MODELS.register_module()
class SensitivityWeightedLoss(nn.Module):
    """Weight a per-token loss by ASL's class-level action sensitivity (ASL Sec. 3.2, Eq. (3), (9)).

    Makes ASL's sensitivity weighting usable by frame-level detectors: it has the interface of
    the losses it wraps, ``loss(pred, target, weight=None, mask=None, avg_factor=None,
    reduction_override=None)`` on ``(B, C, T)`` logits and multi-hot targets, so it can be the
    ``loss_cls`` of a :class:`~dad_plugins.models.heads.FrameClsHead` (e.g. PAT's) unchanged.

    The loss declares ``needs_instances = True``: the frame heads then pass the ground-truth
    instances of every video (``instances=[(token_segments, labels), ...]``, see
    :func:`~dad_plugins.models.utils.instance_kwargs`) and each positive element ``(c, t)``
    takes its position ``d`` inside the instance of ``c`` that contains it
    (:func:`instance_positions`), so touching same-class instances stay apart. Called without
    instances, a maximal run of consecutive positive tokens of class ``c`` is an instance of
    ``c`` (touching or overlapping instances then form one run). Every positive element is
    weighted by its class-``c`` sensitivity ``p^cls = sum_k p_k(d(t), c)``
    (:class:`ClassGaussians`); negative elements keep weight 1, as the background term of
    Eq. (9). The Gaussians are learnt with the detector (they are parameters of this module).

    Args:
        loss (dict): The wrapped per-token loss (``AsymmetricLoss``, ``FocalLoss``,
            ``MaskedBCELoss``, ...); it receives the product of the sensitivity and the caller's
            ``weight``.
        num_classes (int): ``C``.
        mu_init (Sequence[float]): Initial means; ``()`` disables the weighting (all weights 1).
            Defaults to ``(0.0,)`` (one Gaussian at the centre, ASL's classification prior).
        sigma_init (float): Initial sigma. Defaults to 1.
        sigma_min (float): Lower clamp of sigma. Defaults to 0.1.
        sigma_max (float): Upper clamp of sigma. Defaults to 5.0 (ASL Sec. 4.2).
        learnable (bool): Learn the Gaussians (ASL Table 6 "learnable" vs "fixed").
            Defaults to True.
    """

    needs_instances = True

    def __init__(
        self,
        loss: ConfigType,
        num_classes: int,
        mu_init: Sequence[float] = (0.0,),
        sigma_init: float = 1.0,
        sigma_min: float = 0.1,
        sigma_max: float = 5.0,
        learnable: bool = True,
    ) -> None:
        super().__init__()
        self.loss = MODELS.build(loss)
        self.gaussians = (
            ClassGaussians(num_classes, mu_init, sigma_init, sigma_min, sigma_max, learnable)
            if len(mu_init)
            else None
        )

    def sensitivity(
        self,
        target: torch.Tensor,
        mask: torch.Tensor | None,
        instances: Instances | None = None,
    ) -> torch.Tensor:
        """Per-element weights ``(B, C, T)``: ``p^cls`` on positives, 1 elsewhere."""
        if self.gaussians is None:
            return torch.ones_like(target)
        positives = target > 0
        if mask is not None:
            positives = positives & mask[:, None, :].bool()
        if instances is None:
            d = positive_run_positions(positives)  # (B, C, T)
        else:
            d = instance_positions(positives, instances)  # (B, C, T)
        classes = torch.arange(target.shape[1], device=target.device)[None, :, None]
        p_cls = self.gaussians(d, classes).sum(-1)  # (B, C, T)
        return torch.where(positives, p_cls.to(target.dtype), torch.ones_like(target))

    def forward(
        self,
        pred: torch.Tensor,
        target: torch.Tensor,
        weight: torch.Tensor | None = None,
        mask: torch.Tensor | None = None,
        avg_factor: float | torch.Tensor | None = None,
        reduction_override: str | None = None,
        instances: Instances | None = None,
    ) -> torch.Tensor:
        """Sensitivity-weighted loss of ``(B, C, T)`` logits; arguments as the wrapped loss.

        ``instances`` (per video ``(token_segments (N, 2), labels (N,))``) place every positive
        token in its ground-truth instance; None finds instances as runs of positives.
        """
        if pred.dim() != 3:
            raise ValueError(f'pred must be (B, C, T) to find instances, got {tuple(pred.shape)}')
        target = target.to(pred.dtype)
        sensitivity = self.sensitivity(target, mask, instances)
        return self.loss(
            pred,
            target,
            weight=sensitivity if weight is None else sensitivity * weight,
            mask=mask,
            avg_factor=avg_factor,
            reduction_override=reduction_override,
        )
