"""Shared parts of the token losses: input checks, padding masks, reductions and base classes.

The classification losses (asymmetric, BCE, focal) derive from :class:`MaskedTokenLoss`, which
checks and masks their inputs with :func:`mask_padding`; the regression losses (DIoU, L1, tIoU)
derive from :class:`PairLoss`. All of them reduce with :func:`reduce_token_loss`, so ``reduction``
and ``avg_factor`` mean the same thing for all of them.
"""

import torch
from torch import nn

from ..utils import check_choice

REDUCTIONS = ('none', 'mean', 'sum')


def mask_padding(
    pred: torch.Tensor, target: torch.Tensor, mask: torch.Tensor | None
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor | None]:
    """Check shapes and replace logits and targets of padded tokens by zeros.

    Zeroing before the loss is computed keeps NaN or inf values in padded positions out of the
    forward and the backward pass.

    Args:
        pred (Tensor): Logits ``(B, C, T)`` or ``(N, C)``.
        target (Tensor): Float multi-hot targets, same shape as ``pred``.
        mask (Tensor, optional): ``(B, T)`` or ``(N,)`` bool, True on valid tokens.

    Returns:
        tuple: ``pred`` and ``target`` with padded tokens zeroed, and the mask broadcastable
        against them (``(B, 1, T)`` or ``(N, 1)``), or None when ``mask`` is None.
    """
    if pred.shape != target.shape:
        raise ValueError(f'pred {tuple(pred.shape)} and target {tuple(target.shape)} differ')
    if pred.dim() < 2:
        raise ValueError(f'pred must be (N, C) or (B, C, T), got {tuple(pred.shape)}')
    if mask is None:
        return pred, target, None
    token_shape = pred.shape[:1] + pred.shape[2:]
    if mask.shape != token_shape:
        raise ValueError(f'mask {tuple(mask.shape)} does not match tokens {tuple(token_shape)}')
    valid = mask.bool().unsqueeze(1)  # (B, 1, T) or (N, 1)
    return pred.masked_fill(~valid, 0.0), target.masked_fill(~valid, 0.0), valid


def reduce_token_loss(
    loss: torch.Tensor,
    weight: torch.Tensor | None,
    valid: torch.Tensor | None,
    reduction: str,
    avg_factor: float | torch.Tensor | None = None,
) -> torch.Tensor:
    """Weight, mask and reduce an element-wise loss of shape ``(B, C, T)`` or ``(N, C)``.

    ``'mean'`` sums over classes and averages over the valid tokens of the whole batch,
    ``sum_{b, t valid} sum_c loss / #valid tokens``: PAT Eq. (16)-(17) with the normalisation of
    the released PAT and MS-TCT training scripts (``loss.sum() / mask.sum()``).

    Args:
        loss (Tensor): Element-wise loss, ``(B, C, T)`` or ``(N, C)``.
        weight (Tensor, optional): Per-element weights broadcastable against ``loss``
            (e.g. ``(B, 1, T)`` per token, ``(1, C, 1)`` per class).
        valid (Tensor, optional): Bool mask broadcastable against ``loss`` (``(B, 1, T)`` or
            ``(N, 1)``); None means every token is valid.
        reduction (str): ``'none'``, ``'mean'`` or ``'sum'``.
        avg_factor (float | Tensor, optional): Denominator of ``'mean'`` instead of the number
            of valid tokens.

    Returns:
        Tensor: Scalar, or the weighted element-wise loss with zeros on padded tokens for
        ``'none'``.
    """
    check_choice('reduction', reduction, REDUCTIONS)
    if weight is not None:
        loss = loss * weight
    if valid is not None:
        loss = loss.masked_fill(~valid, 0.0)
    if reduction == 'none':
        return loss
    total = loss.sum()
    if reduction == 'sum':
        return total
    if avg_factor is None:
        num_tokens = loss.numel() // loss.shape[1]
        avg_factor = valid.sum() if valid is not None else num_tokens
    return total / torch.as_tensor(avg_factor, dtype=loss.dtype, device=loss.device).clamp_min(1)


def reduce_pair_loss(
    loss: torch.Tensor,
    weight: torch.Tensor | None,
    mask: torch.Tensor | None,
    reduction: str,
    avg_factor: float | torch.Tensor | None = None,
) -> torch.Tensor:
    """Weight, mask and reduce a loss of ``(N,)`` aligned pairs with :func:`reduce_token_loss`.

    Args:
        loss (Tensor): ``(N,)`` loss per pair.
        weight (Tensor, optional): ``(N,)`` per-pair weights.
        mask (Tensor, optional): ``(N,)`` bool, True on pairs that count.
        reduction (str): ``'none'``, ``'mean'`` (over counted pairs, or divided by
            ``avg_factor``) or ``'sum'``.
        avg_factor (float | Tensor, optional): Denominator of ``'mean'``.

    Returns:
        Tensor: Scalar, or ``(N,)`` for ``'none'`` (zeros on masked pairs).
    """
    loss = reduce_token_loss(
        loss[:, None],
        None if weight is None else weight.reshape(-1, 1),
        None if mask is None else mask.bool()[:, None],
        reduction,
        avg_factor,
    )
    return loss[:, 0] if reduction == 'none' else loss


class WeightedLoss(nn.Module):
    """Base of the token and pair losses: a checked ``reduction`` and a ``loss_weight``.

    Args:
        reduction (str): ``'none'``, ``'mean'`` or ``'sum'``. Defaults to ``'mean'``.
        loss_weight (float): Multiplier of the loss. Defaults to 1.
    """

    def __init__(self, reduction: str = 'mean', loss_weight: float = 1.0) -> None:
        super().__init__()
        check_choice('reduction', reduction, REDUCTIONS)
        self.reduction = reduction
        self.loss_weight = loss_weight


class MaskedTokenLoss(WeightedLoss):
    """Base of the multi-label classification losses: an element-wise loss, masked and reduced.

    Subclasses implement :meth:`elementwise`; padded tokens are zeroed before it is called
    (:func:`mask_padding`), and ``'mean'`` sums over classes and averages over the valid tokens
    of the batch (:func:`reduce_token_loss`).
    """

    def elementwise(self, pred: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        """Unreduced loss of logits ``pred`` against float targets ``target`` (same shape)."""
        raise NotImplementedError

    def forward(
        self,
        pred: torch.Tensor,
        target: torch.Tensor,
        weight: torch.Tensor | None = None,
        mask: torch.Tensor | None = None,
        avg_factor: float | torch.Tensor | None = None,
        reduction_override: str | None = None,
    ) -> torch.Tensor:
        """Masked, weighted loss.

        Args:
            pred (Tensor): Logits ``(B, C, T)`` or ``(N, C)``.
            target (Tensor): Float (multi-hot or soft) targets of the same shape.
            weight (Tensor, optional): Per-element weights broadcastable against ``pred``.
            mask (Tensor, optional): ``(B, T)`` or ``(N,)`` bool, True on valid tokens (or
                rows); padded tokens contribute nothing to the loss or its gradient.
            avg_factor (float | Tensor, optional): Denominator of ``'mean'`` instead of the
                number of valid tokens.
            reduction_override (str, optional): Overrides ``reduction``.

        Returns:
            Tensor: Scalar, or ``(B, C, T)`` / ``(N, C)`` for ``'none'``.
        """
        reduction = reduction_override or self.reduction
        pred, target, valid = mask_padding(pred, target.to(pred.dtype), mask)
        loss = reduce_token_loss(
            self.elementwise(pred, target), weight, valid, reduction, avg_factor
        )
        return self.loss_weight * loss


class PairLoss(WeightedLoss):
    """Base of the losses between ``(N, K)`` aligned pairs of coordinate vectors.

    Subclasses implement :meth:`pairwise`; the ``(N,)`` loss is weighted, masked and reduced by
    :func:`reduce_pair_loss` (``'mean'`` over the counted pairs, or divided by ``avg_factor``).
    """

    def pairwise(self, pred: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        """``(N,)`` loss of ``(N, K)`` predictions against ``(N, K)`` targets."""
        raise NotImplementedError

    def forward(
        self,
        pred: torch.Tensor,
        target: torch.Tensor,
        weight: torch.Tensor | None = None,
        mask: torch.Tensor | None = None,
        avg_factor: float | torch.Tensor | None = None,
        reduction_override: str | None = None,
    ) -> torch.Tensor:
        """Loss of ``(N, K)`` predictions against ``(N, K)`` targets.

        Args:
            pred (Tensor): ``(N, K)`` coordinates.
            target (Tensor): ``(N, K)`` coordinates.
            weight (Tensor, optional): ``(N,)`` per-pair weights.
            mask (Tensor, optional): ``(N,)`` bool, True on pairs that count.
            avg_factor (float | Tensor, optional): Denominator of ``'mean'`` instead of the
                number of counted pairs.
            reduction_override (str, optional): Overrides ``reduction``.

        Returns:
            Tensor: Scalar, or ``(N,)`` for ``'none'`` (zeros on masked pairs).
        """
        reduction = reduction_override or self.reduction
        loss = self.pairwise(pred, target)
        return self.loss_weight * reduce_pair_loss(loss, weight, mask, reduction, avg_factor)
