"""Collate videos of different lengths into one padded batch with a mask."""

from collections.abc import Sequence

import torch
import torch.nn.functional as F

from dad_plugins.registry import FUNCTIONS


def _pad_stack(tensors: Sequence[torch.Tensor], length: int) -> torch.Tensor:
    """Stack ``(D, T_i)`` tensors into ``(B, D, length)``, zero-padded on the right."""
    return torch.stack([F.pad(tensor, (0, length - tensor.shape[-1])) for tensor in tensors])


@FUNCTIONS.register_module()
def dense_collate(batch: Sequence[dict], min_length: int = 1, size_divisor: int = 1) -> dict:
    """Pad the outputs of :class:`PackDenseInputs` to one length and build the mask.

    Args:
        batch (Sequence[dict]): Each with ``inputs`` ``(D, T_i)``, ``streams`` and
            ``data_samples``.
        min_length (int): Pad to at least this many tokens (e.g. the training window, so that
            short videos are padded to ``T``). Defaults to 1.
        size_divisor (int): Round the padded length up to a multiple of this. Defaults to 1.

    Returns:
        dict: ``inputs`` ``(B, D, T)``, ``masks`` ``(B, T)`` bool (True on real tokens),
        ``data_samples`` (list) and, when the videos have extra streams, ``streams``
        (dict of ``(B, D_s, T)``).
    """
    lengths = torch.tensor([item['inputs'].shape[-1] for item in batch])
    length = max(int(lengths.max()), min_length)
    length = -(-length // size_divisor) * size_divisor
    collated = dict(
        inputs=_pad_stack([item['inputs'] for item in batch], length),
        masks=torch.arange(length)[None, :] < lengths[:, None],
        data_samples=[item['data_samples'] for item in batch],
    )
    stream_names = batch[0]['streams'].keys()
    if stream_names:
        collated['streams'] = {
            name: _pad_stack([item['streams'][name] for item in batch], length)
            for name in stream_names
        }
    return collated
