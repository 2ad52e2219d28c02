"""Registered parts built the same way by every test."""

import torch
from torch import nn

from dad_plugins.registry import MODELS
from dad_plugins.utils.typing import ConfigType

# Sizes of the attention parts (RPT, ASL blocks) of the unit tests: C = 16 channels, two heads,
# an MLP of 2 C.
TINY_ATTENTION = dict(embed_dims=16, num_heads=2, mlp_ratio=2)


def build_module(cfg: ConfigType, seed: int = 0, **overrides) -> nn.Module:
    """Build a registered part from a config, with the same random parameters on every call.

    Args:
        cfg (dict): The part's config, e.g. ``dict(type='FineDet', in_channels=12, ...)``; it
            is not changed.
        seed (int): Seed of torch's global generator, set before building. Defaults to 0.
        **overrides: Arguments that replace or add to those of ``cfg``.

    Returns:
        nn.Module: The part, in training mode.
    """
    torch.manual_seed(seed)
    return MODELS.build({**cfg, **overrides})
