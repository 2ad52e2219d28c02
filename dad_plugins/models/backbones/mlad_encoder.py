"""MLAD encoder: class-level features refined by a stack of MLAD layers."""

from typing import Any

import torch
import torch.nn.functional as F
from mmengine.model import BaseModule
from torch import nn

from dad_plugins.registry import MODELS
from dad_plugins.utils.typing import OptMultiConfig

from ..layers import ClassWiseLinear, MLADLayer, sinusoidal_position_encoding, zero_padding
from ..utils import check_choice

POS_ENCODINGS = ('none', 'sinusoidal')


@MODELS.register_module()
class MLADEncoder(BaseModule):
    """Class-level feature extraction and ``L`` MLAD layers (MLAD Sec. 3, Fig. 2 (i)-(ii)).

    1. Class-level features, Eq. (1): ``f_{t,c} = ReLU(W_c^T x_t + b_c)``, ``H`` channels per
       class, for all classes in one :class:`ClassWiseLinear` product.
    2. ``num_layers`` :class:`MLADLayer` s refine them into ``g``.

    Returns both the initial features ``f`` and the refined ``g``: the paper classifies and
    puts the loss on both (Sec. 5.1, Table S3), which :class:`ClassWiseHead` does. Reads any
    ``(B, D, T)`` token features, so it serves as the backbone on clip features or as a neck
    after another backbone (e.g. PAT's Fine-Det).

    Ablation switches: ``num_layers`` (Table 3, 0 gives the "CF baseline" of Table 1 and the
    "No CB, No TB" row of Table 5), ``cooccurrence`` / ``temporal`` (Table 5), ``learn_alpha``
    (Table S2), ``full_attention`` (the fully-connected baseline of Table S4).
    ``pos_encoding='sinusoidal'`` and ``input_dropout=0.2`` reproduce the released code, which
    adds sinusoidal encodings (Vaswani et al.) of the token index to the input features and
    applies dropout to them; the paper mentions neither.

    Args:
        in_channels (int): Input channels ``F`` (1024 for I3D RGB, 2048 for RGB + flow).
        num_classes (int): ``C``.
        embed_dims (int): Class-level channels ``H``. Defaults to 128 (Sec. 5.1).
        num_layers (int): MLAD layers ``L``. Defaults to 5 (Sec. 5.1, Table 3).
        pos_encoding (str): ``'none'`` (paper) or ``'sinusoidal'`` (released code). Defaults
            to ``'none'``.
        input_dropout (float): Dropout on the input features. Defaults to 0.
        init_cfg (dict | list[dict], optional): Initialisation config.
        **layer_kwargs: The other arguments of every :class:`MLADLayer`, with its defaults:
            ``num_heads`` (of each branch, 1 as in Eq. (2), (4)), ``ffn_dims``, ``dropout``
            (0.2, released code), ``cooccurrence``, ``temporal``, ``learn_alpha`` and
            ``full_attention``.

    Shapes:
        - x: ``(B, F, T)``; masks: ``(B, T)`` bool, True on valid tokens (None: all).
        - output: ``(f, g)``, each ``(B, C, T, H)`` with zeros on padded tokens.
    """

    def __init__(
        self,
        in_channels: int,
        num_classes: int,
        embed_dims: int = 128,
        num_layers: int = 5,
        pos_encoding: str = 'none',
        input_dropout: float = 0.0,
        init_cfg: OptMultiConfig = None,
        **layer_kwargs: Any,
    ) -> None:
        super().__init__(init_cfg=init_cfg)
        check_choice('pos_encoding', pos_encoding, POS_ENCODINGS)
        self.pos_encoding = pos_encoding
        self.input_dropout = nn.Dropout(input_dropout)
        self.projection = ClassWiseLinear(num_classes, in_channels, embed_dims)
        self.layers = nn.ModuleList(
            MLADLayer(embed_dims, **layer_kwargs) for _ in range(num_layers)
        )

    def class_level_features(self, x: torch.Tensor, masks: torch.Tensor | None) -> torch.Tensor:
        """Eq. (1): ``(B, F, T)`` tokens to ``(B, C, T, H)`` class-level features."""
        if self.pos_encoding == 'sinusoidal':
            x = x + sinusoidal_position_encoding(x.shape[-1], x.shape[1], x.device, x.dtype)
        x = zero_padding(self.input_dropout(x), masks)
        features = F.relu(self.projection(x))  # (B, C, T, H)
        if masks is None:
            return features
        return features.masked_fill(~masks[:, None, :, None], 0.0)

    def forward(
        self, x: torch.Tensor, masks: torch.Tensor | None = None
    ) -> tuple[tuple[torch.Tensor, torch.Tensor], torch.Tensor | None]:
        """Initial and refined class-level features, and the masks; see the class docstring."""
        initial = self.class_level_features(x, masks)
        refined = initial
        for layer in self.layers:
            refined = layer(refined, masks)
        return (initial, refined), masks
