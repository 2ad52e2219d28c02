"""Mixed precision on the CPU: an optimiser wrapper whose forward passes run under bf16 autocast."""

from collections.abc import Iterator
from contextlib import contextmanager

import torch
from mmengine.optim import OptimWrapper
from torch import nn

from dad_plugins.registry import OPTIM_WRAPPERS


@OPTIM_WRAPPERS.register_module()
class CPUAutocastOptimWrapper(OptimWrapper):
    """``OptimWrapper`` whose :meth:`optim_context` runs the forward pass under CPU autocast.

    mmengine's ``AmpOptimWrapper`` asserts a GPU (its loss scaler is CUDA's). bfloat16 keeps the
    exponent range of float32, so it needs no loss scaling: inside ``optim_context`` the
    autocast-eligible ops (matrix products, convolutions) run in bfloat16 on the CPU, the weights,
    gradients and optimiser state stay float32, and ``backward`` / ``step`` are those of
    ``OptimWrapper``. ``tools/train.py --amp`` uses it when there is no GPU. Each sub-module
    wrapper of ``MultiOptimWrapperConstructor`` (PAT's two optimisers) may be one::

        optim_wrapper = dict(type='CPUAutocastOptimWrapper', optimizer=dict(type='Adam', lr=1e-4))

    Args:
        dtype (str): Autocast dtype, ``'bfloat16'`` (default) or ``'float16'``.
        **kwargs: Arguments of ``OptimWrapper`` (``optimizer``, ``clip_grad``, ...).
    """

    def __init__(self, dtype: str = 'bfloat16', **kwargs) -> None:
        if dtype not in ('bfloat16', 'float16'):
            raise ValueError(
                f"CPUAutocastOptimWrapper: dtype must be 'bfloat16' or 'float16', got {dtype!r}"
            )
        super().__init__(**kwargs)
        self.cast_dtype = getattr(torch, dtype)

    @contextmanager
    def optim_context(self, model: nn.Module) -> Iterator[None]:
        """``OptimWrapper.optim_context`` (gradient accumulation) with CPU autocast."""
        with super().optim_context(model), torch.autocast('cpu', dtype=self.cast_dtype):
            yield
