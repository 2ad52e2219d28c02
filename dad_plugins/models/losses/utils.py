"""Shared parts of the token losses: input checks, padding masks and reductions.

The classification losses (asymmetric, BCE, focal) check and mask their inputs with
:func:`mask_padding`; they and the regression losses (DIoU, L1, tIoU) reduce with
:func:`reduce_token_loss`, so ``reduction`` and ``avg_factor`` mean the same thing for all of them.
"""

import torch

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
    if reduction not in REDUCTIONS:
        raise ValueError(f'reduction must be one of {REDUCTIONS}, got {reduction!r}')
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
