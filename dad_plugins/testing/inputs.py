"""Random padded clip features and the masks of their ragged lengths."""

from collections.abc import Mapping, Sequence

import torch


def ragged_masks(lengths: Sequence[int], total: int | None = None) -> torch.Tensor:
    """Masks of a padded batch of videos with the given lengths.

    Args:
        lengths (Sequence[int]): ``T_i``, the number of real tokens of each video.
        total (int, optional): ``T``, the padded length. Defaults to ``max(lengths)``.

    Returns:
        Tensor: ``(B, T)`` bool, True on the first ``T_i`` tokens of row ``i``.
    """
    total = max(lengths) if total is None else total
    return torch.arange(total)[None, :] < torch.as_tensor(lengths)[:, None]  # (B, T)


def random_features(
    lengths: Sequence[int],
    channels: int,
    total: int | None = None,
    zero_padding: bool = True,
    generator: torch.Generator | None = None,
) -> torch.Tensor:
    """Standard normal features of a padded batch of videos.

    Args:
        lengths (Sequence[int]): ``T_i``, the number of real tokens of each video.
        channels (int): ``D``, the feature channels.
        total (int, optional): ``T``, the padded length. Defaults to ``max(lengths)``.
        zero_padding (bool): Zero the padded tokens, as the collate function does; False keeps
            random values there, to check that a part ignores them. Defaults to True.
        generator (torch.Generator, optional): Source of randomness. Defaults to torch's global
            generator.

    Returns:
        Tensor: ``(B, D, T)`` float32 features.
    """
    masks = ragged_masks(lengths, total)
    feats = torch.randn(len(lengths), channels, masks.shape[1], generator=generator)  # (B, D, T)
    return feats * masks[:, None] if zero_padding else feats


def demo_inputs(
    lengths: Sequence[int],
    feat_dims: int | Mapping[str, int],
    generator: torch.Generator | None = None,
) -> dict:
    """The tensors of a collated batch, as keyword arguments of a detector's ``forward``.

    Args:
        lengths (Sequence[int]): ``T_i``, the number of real tokens of each video.
        feat_dims (int | Mapping[str, int]): ``D`` of the main stream, or the channels of every
            stream as ``LoadClipFeatures`` takes them: ``feats`` the main stream, any other key
            an extra stream (e.g. ``dict(feats=1024, entity=512)``).
        generator (torch.Generator, optional): Source of randomness. Defaults to torch's global
            generator.

    Returns:
        dict: ``inputs`` ``(B, D, T)`` zero-padded, ``masks`` ``(B, T)`` bool and ``streams``, a
        dict of zero-padded ``(B, D_s, T)`` extra streams, with ``T = max(lengths)``.
    """
    dims = {'feats': feat_dims} if isinstance(feat_dims, int) else dict(feat_dims)
    feats = {name: random_features(lengths, dim, generator=generator) for name, dim in dims.items()}
    return dict(inputs=feats.pop('feats'), masks=ragged_masks(lengths), streams=feats)
