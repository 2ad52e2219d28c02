"""Per-class affine maps, computed for all classes in one batched product."""

import math

import torch
from mmengine.model import BaseModule
from torch import nn

from dad_plugins.registry import MODELS
from dad_plugins.utils.typing import OptMultiConfig


@MODELS.register_module()
class ClassWiseLinear(BaseModule):
    """``C`` independent affine maps ``y_c = W_c x + b_c``, one per class, without a class loop.

    Used by MLAD (Tirupattur et al., CVPR 2021) twice:

    - class-level feature extraction, Sec. 3, Eq. (1) before its ReLU: every class reads the
      same token ``x_t`` (input ``(B, D, T)``) and writes ``H`` channels;
    - the per-class classifiers, Sec. 3.1, Eq. (7) before the sigmoid: class ``c`` reads its own
      class-level features ``g_{t,c}`` (input ``(B, C, T, H)``) and writes one logit.

    The result equals ``C`` separate ``nn.Linear(D, O)`` layers (the same initial distribution,
    ``U(-1 / sqrt(D), 1 / sqrt(D))`` for weights and biases); ``weight[c]`` is the ``(O, D)``
    weight of class ``c``. One ``einsum`` computes every class: a ``(B T, D) x (D, C O)`` matrix
    product for shared inputs, a batched product over classes for class-level inputs.

    Args:
        num_classes (int): ``C``.
        in_channels (int): Input channels ``D`` (per class for class-level inputs).
        out_channels (int): Output channels ``O`` per class.
        bias (bool): Learn ``b_c``. Defaults to True.
        init_cfg (dict | list[dict], optional): Initialisation config.

    Shapes:
        - x: shared tokens ``(B, D, T)`` or class-level features ``(B, C, T, D)``.
        - output: ``(B, C, T, O)``.
    """

    def __init__(
        self,
        num_classes: int,
        in_channels: int,
        out_channels: int,
        bias: bool = True,
        init_cfg: OptMultiConfig = None,
    ) -> None:
        super().__init__(init_cfg=init_cfg)
        self.num_classes = num_classes
        self.in_channels = in_channels
        self.out_channels = out_channels
        self.weight = nn.Parameter(torch.empty(num_classes, out_channels, in_channels))
        self.bias = nn.Parameter(torch.empty(num_classes, out_channels)) if bias else None
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Draw every class's weight and bias as ``nn.Linear`` does."""
        bound = 1.0 / math.sqrt(self.in_channels)
        nn.init.uniform_(self.weight, -bound, bound)
        if self.bias is not None:
            nn.init.uniform_(self.bias, -bound, bound)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Apply every class's map; see the class docstring for shapes."""
        if x.dim() == 3:
            out = torch.einsum('bdt,cod->bcto', x, self.weight)  # shared tokens
        elif x.dim() == 4 and x.shape[1] == self.num_classes:
            out = torch.einsum('bctd,cod->bcto', x, self.weight)  # class-level features
        else:
            raise ValueError(
                f'{type(self).__name__} expects (B, D, T) or (B, {self.num_classes}, T, D) '
                f'inputs, got {tuple(x.shape)}'
            )
        if self.bias is not None:
            out = out + self.bias[:, None, :]  # (C, 1, O)
        return out  # (B, C, T, O)

    def extra_repr(self) -> str:
        return (
            f'num_classes={self.num_classes}, in_channels={self.in_channels}, '
            f'out_channels={self.out_channels}, bias={self.bias is not None}'
        )
