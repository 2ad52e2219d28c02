"""Inception-v1 I3D whose parameter names match the public pytorch-i3d checkpoints."""

import math
from collections.abc import Sequence

import torch
import torch.nn.functional as F
from mmengine.model import BaseModule
from torch import nn

from dad_plugins.registry import MODELS
from dad_plugins.utils.typing import OptMultiConfig

# Branch widths [b0, b1a, b1b, b2a, b2b, b3b] of every Inception block, in order, with the
# parameter-free max-pooling end points (kernel, stride) between them.
MIXED_WIDTHS: dict[str, tuple[int, ...]] = {
    'Mixed_3b': (64, 96, 128, 16, 32, 32),
    'Mixed_3c': (128, 128, 192, 32, 96, 64),
    'Mixed_4b': (192, 96, 208, 16, 48, 64),
    'Mixed_4c': (160, 112, 224, 24, 64, 64),
    'Mixed_4d': (128, 128, 256, 24, 64, 64),
    'Mixed_4e': (112, 144, 288, 32, 64, 64),
    'Mixed_4f': (256, 160, 320, 32, 128, 128),
    'Mixed_5b': (256, 160, 320, 32, 128, 128),
    'Mixed_5c': (384, 192, 384, 48, 128, 128),
}
POOLS_BEFORE: dict[str, tuple[str, tuple[int, int, int], tuple[int, int, int]]] = {
    'Mixed_3b': ('MaxPool3d_3a_3x3', (1, 3, 3), (1, 2, 2)),
    'Mixed_4b': ('MaxPool3d_4a_3x3', (3, 3, 3), (2, 2, 2)),
    'Mixed_5b': ('MaxPool3d_5a_2x2', (2, 2, 2), (2, 2, 2)),
}
FEATURE_DIMS = 1024  # channels of Mixed_5c
TEMPORAL_STRIDE = 8  # frames per token of Mixed_5c


def same_padding(
    size: Sequence[int], kernel: Sequence[int], stride: Sequence[int]
) -> tuple[int, ...]:
    """The TensorFlow ``'SAME'`` padding of a ``(T, H, W)`` input, in ``F.pad`` order.

    The total padding per axis is ``max(k - s, 0)`` when the size is a multiple of the stride,
    else ``max(k - size % s, 0)``; the front gets ``pad // 2`` and the back the rest, so the
    output has ``ceil(size / s)`` positions.

    Args:
        size (Sequence[int]): ``(T, H, W)`` of the input.
        kernel (Sequence[int]): Kernel size per axis.
        stride (Sequence[int]): Stride per axis.

    Returns:
        tuple[int, ...]: ``(w_front, w_back, h_front, h_back, t_front, t_back)``.
    """
    pads = []
    for length, k, s in zip(reversed(size), reversed(kernel), reversed(stride)):
        pad = max(k - s, 0) if length % s == 0 else max(k - length % s, 0)
        pads += [pad // 2, pad - pad // 2]
    return tuple(pads)


class MaxPool3dSamePadding(nn.MaxPool3d):
    """3D max pooling with TF ``'SAME'`` zero padding computed from each input's size."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Pool ``(B, C, T, H, W)`` into ``(B, C, ceil(T / s_t), ceil(H / s_h), ceil(W / s_w))``."""
        x = F.pad(x, same_padding(x.shape[2:], self.kernel_size, self.stride))
        return super().forward(x)


class Unit3D(nn.Module):
    """Conv3d (no bias by default) + BatchNorm3d + ReLU with TF ``'SAME'`` padding.

    Children ``conv3d`` and ``bn`` (``eps=1e-3``, ``momentum=0.01``), as in pytorch-i3d.

    Args:
        in_channels (int): Input channels.
        out_channels (int): Output channels.
        kernel_size (Sequence[int]): ``(k_t, k_h, k_w)``. Defaults to ``(1, 1, 1)``.
        stride (Sequence[int]): ``(s_t, s_h, s_w)``. Defaults to ``(1, 1, 1)``.
        use_batch_norm (bool): Add ``bn``. Defaults to True.
        use_bias (bool): Give ``conv3d`` a bias. Defaults to False.
        activation (bool): Apply ReLU. Defaults to True.
    """

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        kernel_size: Sequence[int] = (1, 1, 1),
        stride: Sequence[int] = (1, 1, 1),
        use_batch_norm: bool = True,
        use_bias: bool = False,
        activation: bool = True,
    ) -> None:
        super().__init__()
        self.kernel_size = tuple(kernel_size)
        self.stride = tuple(stride)
        self.activation = activation
        self.conv3d = nn.Conv3d(
            in_channels, out_channels, self.kernel_size, self.stride, padding=0, bias=use_bias
        )
        self.bn = nn.BatchNorm3d(out_channels, eps=1e-3, momentum=0.01) if use_batch_norm else None

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """``(B, C_in, T, H, W)`` -> ``(B, C_out, ceil(T / s_t), ceil(H / s_h), ceil(W / s_w))``."""
        x = self.conv3d(F.pad(x, same_padding(x.shape[2:], self.kernel_size, self.stride)))
        if self.bn is not None:
            x = self.bn(x)
        return F.relu(x) if self.activation else x


class InceptionModule(nn.Module):
    """Four branches concatenated along channels: ``b0``, ``b1a -> b1b``, ``b2a -> b2b``,
    ``b3a`` (3x3x3 max pool, stride 1) ``-> b3b``.

    Args:
        in_channels (int): Input channels.
        widths (Sequence[int]): Output channels of ``b0, b1a, b1b, b2a, b2b, b3b``; the module
            gives ``b0 + b1b + b2b + b3b`` channels.
    """

    def __init__(self, in_channels: int, widths: Sequence[int]) -> None:
        super().__init__()
        w0, w1a, w1b, w2a, w2b, w3b = widths
        self.b0 = Unit3D(in_channels, w0)
        self.b1a = Unit3D(in_channels, w1a)
        self.b1b = Unit3D(w1a, w1b, (3, 3, 3))
        self.b2a = Unit3D(in_channels, w2a)
        self.b2b = Unit3D(w2a, w2b, (3, 3, 3))
        self.b3a = MaxPool3dSamePadding(kernel_size=(3, 3, 3), stride=(1, 1, 1))
        self.b3b = Unit3D(in_channels, w3b)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """``(B, C_in, T, H, W)`` -> ``(B, b0 + b1b + b2b + b3b, T, H, W)``."""
        branches = (
            self.b0(x),
            self.b1b(self.b1a(x)),
            self.b2b(self.b2a(x)),
            self.b3b(self.b3a(x)),
        )
        return torch.cat(branches, dim=1)


@MODELS.register_module()
class InceptionI3d(BaseModule):
    """Inception-v1 I3D (Carreira and Zisserman, "Quo Vadis, Action Recognition?", CVPR 2017,
    Sec. 2.4) laid out as pytorch-i3d's ``InceptionI3d``, so that its checkpoints
    (``rgb_imagenet.pt``, ``flow_imagenet.pt``: 400 classes; ``rgb_charades.pt``: 157) load
    with ``strict=True``.

    End points are registered on the module under their TF names (``Conv3d_1a_7x7``, ...,
    ``Mixed_5c``), every convolution is a :class:`Unit3D` with ``conv3d`` / ``bn`` children,
    and the classifier is ``logits.conv3d`` (with bias, no batch norm). Every convolution and
    max pool pads TF-``'SAME'`` at run time (front ``pad // 2``, the rest at the back), which the
    converted TF weights need. The temporal stride is 8 (``Conv3d_1a_7x7``, ``MaxPool3d_4a_3x3``,
    ``MaxPool3d_5a_2x2``), the spatial stride 32.

    Args:
        num_classes (int): Classes of ``logits``. Defaults to 400.
        in_channels (int): 3 for RGB, 2 for optical flow (x, y). Defaults to 3.
        dropout (float): Dropout before ``logits`` (pytorch-i3d passes its ``dropout_keep_prob``
            0.5 as the drop probability). Defaults to 0.5.
        init_cfg (dict | list[dict], optional): Initialisation config.
    """

    def __init__(
        self,
        num_classes: int = 400,
        in_channels: int = 3,
        dropout: float = 0.5,
        init_cfg: OptMultiConfig = None,
    ) -> None:
        super().__init__(init_cfg=init_cfg)
        if in_channels not in (2, 3):
            raise ValueError(f'in_channels must be 3 (RGB) or 2 (flow), got {in_channels}')
        self.num_classes = num_classes
        self.in_channels = in_channels
        self.end_point_names: list[str] = []
        self._add('Conv3d_1a_7x7', Unit3D(in_channels, 64, (7, 7, 7), (2, 2, 2)))
        self._add('MaxPool3d_2a_3x3', MaxPool3dSamePadding((1, 3, 3), (1, 2, 2)))
        self._add('Conv3d_2b_1x1', Unit3D(64, 64))
        self._add('Conv3d_2c_3x3', Unit3D(64, 192, (3, 3, 3)))
        channels = 192
        for name, widths in MIXED_WIDTHS.items():
            if name in POOLS_BEFORE:
                pool_name, kernel, stride = POOLS_BEFORE[name]
                self._add(pool_name, MaxPool3dSamePadding(kernel, stride))
            self._add(name, InceptionModule(channels, widths))
            channels = widths[0] + widths[2] + widths[4] + widths[5]
        self.avg_pool = nn.AvgPool3d(kernel_size=(2, 7, 7), stride=(1, 1, 1))
        self.dropout = nn.Dropout(dropout)
        self.logits = Unit3D(
            channels, num_classes, use_batch_norm=False, use_bias=True, activation=False
        )

    def _add(self, name: str, module: nn.Module) -> None:
        self.add_module(name, module)
        self.end_point_names.append(name)

    def mixed_5c(self, x: torch.Tensor) -> torch.Tensor:
        """Run the end points up to ``Mixed_5c``.

        Args:
            x (Tensor): ``(B, C, T, H, W)`` clips, ``C = in_channels``, values in ``[-1, 1]``.

        Returns:
            Tensor: ``(B, 1024, ceil(T / 8), ceil(H / 32), ceil(W / 32))``.
        """
        for name in self.end_point_names:
            x = getattr(self, name)(x)
        return x

    def pool(self, x: torch.Tensor) -> torch.Tensor:
        """pytorch-i3d's ``avg_pool`` (kernel ``(2, 7, 7)``, stride 1, no padding), then the
        spatial mean.

        The spatial kernel is clipped to the map, so inputs below 224 px (7 x 7 at ``Mixed_5c``)
        work too; at 224 px this is exactly ``avg_pool`` followed by a squeeze.

        Args:
            x (Tensor): ``(B, C, T', H', W')`` with ``T' >= 2``.

        Returns:
            Tensor: ``(B, C, T' - 1)``.
        """
        kernel = (2, min(7, x.shape[3]), min(7, x.shape[4]))
        return F.avg_pool3d(x, kernel, stride=1).mean(dim=(3, 4))

    def extract_features(self, x: torch.Tensor) -> torch.Tensor:
        """Clip features as pytorch-i3d's ``extract_features``: ``Mixed_5c``, ``avg_pool`` and
        the spatial mean; no dropout, no logits.

        ``T`` frames give ``ceil(T / 8) - 1`` tokens, one per 8 frames (the kernel-2 temporal
        pool takes one off), so at least 9 frames are needed.

        Args:
            x (Tensor): ``(B, C, T, H, W)``, values in ``[-1, 1]``.

        Returns:
            Tensor: ``(B, 1024, ceil(T / 8) - 1)``.
        """
        if x.shape[2] <= TEMPORAL_STRIDE:
            raise ValueError(f'I3D features need at least 9 frames, got {x.shape[2]}')
        return self.pool(self.mixed_5c(x))  # (B, 1024, T')

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Per-token class logits, as pytorch-i3d's ``forward``.

        Args:
            x (Tensor): ``(B, C, T, H, W)``, values in ``[-1, 1]``.

        Returns:
            Tensor: ``(B, num_classes, ceil(T / 8) - 1)``.
        """
        feats = self.extract_features(x).unsqueeze(-1).unsqueeze(-1)  # (B, 1024, T', 1, 1)
        return self.logits(self.dropout(feats)).flatten(2)


def num_i3d_tokens(num_frames: int) -> int:
    """Tokens of :meth:`InceptionI3d.extract_features` for ``num_frames`` frames:
    ``ceil(T / 8) - 1``."""
    return math.ceil(num_frames / TEMPORAL_STRIDE) - 1


def load_i3d_checkpoint(model: InceptionI3d, path: str) -> None:
    """Load a pytorch-i3d checkpoint (a bare state dict, or one under ``'state_dict'``)
    strictly into ``model``.

    Batch-norm ``num_batches_tracked`` counters, which checkpoints written by PyTorch < 0.4 lack
    and which evaluation does not use, are taken from the model when absent; every other key must
    match in name and shape.

    Args:
        model (InceptionI3d): The model, built with the checkpoint's ``num_classes`` and
            ``in_channels``.
        path (str): The ``.pt`` / ``.pth`` file.

    Raises:
        RuntimeError: The keys or shapes differ (PyTorch's message lists them).
    """
    state = torch.load(path, map_location='cpu', weights_only=True)
    if isinstance(state, dict) and isinstance(state.get('state_dict'), dict):
        state = state['state_dict']
    state = dict(state)
    for key, value in model.state_dict().items():
        if key.endswith('num_batches_tracked') and key not in state:
            state[key] = value
    model.load_state_dict(state, strict=True)
