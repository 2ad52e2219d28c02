"""A stack of masked temporal convolutions: the baseline encoder."""

import torch
from mmengine.model import BaseModule
from torch import nn

from dad_plugins.registry import MODELS
from dad_plugins.utils.typing import OptMultiConfig


@MODELS.register_module()
class ConvEncoder(BaseModule):
    """``num_layers`` x (Conv1d, ReLU, Dropout) over ``(B, C_in, T)`` features.

    With ``kernel_size=1`` every token is encoded on its own (a per-token MLP, no temporal
    context): the baseline that temporal models must beat. Padded tokens are zeroed before every
    convolution, so they never reach real tokens.

    Args:
        in_channels (int): ``C_in``.
        embed_dims (int): Output channels. Defaults to 256.
        num_layers (int): Number of conv layers. Defaults to 2.
        kernel_size (int): Odd temporal kernel. Defaults to 1.
        dropout (float): Dropout after each layer. Defaults to 0.
        init_cfg (dict | list[dict], optional): Initialisation config.
    """

    def __init__(
        self,
        in_channels: int,
        embed_dims: int = 256,
        num_layers: int = 2,
        kernel_size: int = 1,
        dropout: float = 0.0,
        init_cfg: OptMultiConfig = None,
    ) -> None:
        super().__init__(init_cfg=init_cfg)
        if kernel_size % 2 != 1:
            raise ValueError(f'kernel_size must be odd, got {kernel_size}')
        self.layers = nn.ModuleList(
            nn.Conv1d(
                in_channels if i == 0 else embed_dims,
                embed_dims,
                kernel_size,
                padding=kernel_size // 2,
            )
            for i in range(num_layers)
        )
        self.dropout = nn.Dropout(dropout)

    def forward(self, x: torch.Tensor, masks: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Encode ``(B, C_in, T)`` with ``(B, T)`` masks into ``(B, embed_dims, T)``, masks."""
        keep = masks.unsqueeze(1).to(x.dtype)  # (B, 1, T)
        for layer in self.layers:
            x = self.dropout(torch.relu(layer(x * keep)))
        return x * keep, masks
