"""A check that what a part computes for the real tokens of a padded batch ignores the padding."""

from collections.abc import Callable, Sequence

import torch
from torch import Tensor

Forward = Callable[[Tensor, Tensor | None], Tensor | Sequence[Tensor]]


def _as_list(outputs: Tensor | Sequence[Tensor]) -> list[Tensor]:
    return [outputs] if isinstance(outputs, Tensor) else list(outputs)


def assert_padding_invariant(
    forward: Forward, feats: Tensor, masks: Tensor, rtol: float = 1e-4, atol: float = 1e-5
) -> list[Tensor]:
    """Assert that the padded tokens of a batch change nothing on its real tokens.

    Checked on every output, a strided one (a pyramid level) included:

    1. NaN, then 1e4, written into the padded input tokens give the same outputs.
    2. Every video alone, cut to its length and given without a mask, gives the same real
       tokens as in the batch (within ``rtol`` / ``atol``).
    3. The output tokens past those the video gives alone are zero.

    Args:
        forward (Callable): Maps features ``(B, D, T)`` and masks ``(B, T)`` (or None: every
            token real) to one output ``(B, ..., T')`` or a sequence of them, time last.
        feats (Tensor): ``(B, D, T)`` input features.
        masks (Tensor): ``(B, T)`` bool, True on the real tokens, which come first in each row.
        rtol (float): Relative tolerance of check 2. Defaults to 1e-4.
        atol (float): Absolute tolerance of check 2. Defaults to 1e-5.

    Returns:
        list[Tensor]: The outputs of the batch, as ``forward`` gave them (with their graph).
    """
    outputs = _as_list(forward(feats, masks))
    padding = ~masks[:, None]  # (B, 1, T)
    for fill in (float('nan'), 1e4):
        noisy = _as_list(forward(feats.detach().masked_fill(padding, fill), masks))
        for out, expected in zip(noisy, outputs, strict=True):
            torch.testing.assert_close(
                out, expected, msg=lambda m, fill=fill: f'padding {fill}: {m}'
            )
    for index, length in enumerate(masks.sum(1).tolist()):
        alone = _as_list(forward(feats.detach()[index : index + 1, :, :length], None))
        for out, batched in zip(alone, outputs, strict=True):
            num_tokens = out.shape[-1]
            torch.testing.assert_close(
                out, batched[index : index + 1, ..., :num_tokens], rtol=rtol, atol=atol
            )
            assert batched[index, ..., num_tokens:].eq(0).all(), f'video {index}: padding not 0'
    return outputs
