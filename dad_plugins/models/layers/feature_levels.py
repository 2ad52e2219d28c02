"""Feature levels: the one type for pyramids and same-length feature maps, and its masks."""

import math
from collections.abc import Sequence
from typing import NamedTuple

import torch

from .masked_temporal_ops import downsample_mask

#: Features a part accepts as levels: one ``(B, C, T)`` map or a sequence of ``(B, C, T_l)``.
LevelInput = torch.Tensor | Sequence[torch.Tensor]


class FeatureLevels(NamedTuple):
    """Levels of features with one mask each (a pyramid, or same-length maps).

    A ``(feats, masks)`` pair, so it unpacks as ``feats, masks = levels`` like every backbone's
    and neck's output.

    Attributes:
        feats (tuple[Tensor, ...]): ``(B, C, T_l)`` per level.
        masks (tuple[Tensor, ...]): ``(B, T_l)`` bool per level, True on real tokens.
    """

    feats: tuple[torch.Tensor, ...]
    masks: tuple[torch.Tensor, ...]


def as_levels(
    feats: LevelInput, masks: torch.Tensor | Sequence[torch.Tensor] | None
) -> FeatureLevels:
    """Features and masks as :class:`FeatureLevels`.

    A single ``(B, C, T)`` tensor is one level. A sequence of ``(B, C, T_l)`` tensors (a feature
    pyramid, or several same-length maps such as PAT's fine and coarse features) is several
    levels. Masks of a level are taken from ``masks`` when it is a sequence; from one ``(B, T)``
    mask they are derived for a level of ``T_l`` tokens by striding (:func:`downsample_mask`
    with stride ``ceil(T / T_l)``).

    Args:
        feats (Tensor | Sequence[Tensor]): ``(B, C, T)`` or levels ``(B, C, T_l)``.
        masks (Tensor | Sequence[Tensor], optional): ``(B, T)`` bool (True on real tokens),
            levels of masks, or None (all tokens valid).
    """
    levels = (feats,) if isinstance(feats, torch.Tensor) else tuple(feats)
    if masks is None:
        masks = levels[0].new_ones(levels[0].shape[0], levels[0].shape[-1], dtype=torch.bool)
    if not isinstance(masks, torch.Tensor):
        return FeatureLevels(levels, tuple(mask.bool() for mask in masks))
    level_masks = []
    for level in levels:
        stride = math.ceil(masks.shape[-1] / level.shape[-1])
        level_masks.append(downsample_mask(masks.bool(), stride)[:, : level.shape[-1]])
    return FeatureLevels(levels, tuple(level_masks))
