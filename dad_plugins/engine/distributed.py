"""Distributed set-up that also works on machines without a GPU, and its orderly shutdown."""

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager

import torch
import torch.distributed as dist
from mmengine.config import Config
from mmengine.registry import MODEL_WRAPPERS
from torch.nn.parallel import DistributedDataParallel

#: What ``torchrun`` (and ``torch.distributed.launch``) set for every process.
_TORCHRUN_VARIABLES = ('RANK', 'WORLD_SIZE', 'MASTER_ADDR', 'MASTER_PORT')


def prepare_cpu_distributed(cfg: Config, launcher: str) -> None:
    """Make ``launcher`` runs work on CPU-only machines; GPU runs are left unchanged.

    mmengine 0.10 initialises the process group with ``torch.cuda.set_device`` and gives every
    ``DistributedDataParallel`` wrapper ``device_ids=[local_rank]``; both fail without CUDA. On
    such machines this starts a ``gloo`` process group itself (the Runner then skips its own
    initialisation) and wraps the model with ``device_ids=None``: the default wrapper when the
    config has none, or the config's own (e.g. PAT's ``MMSeparateDistributedDataParallel``)
    with ``device_ids=None`` unless it sets them.

    Args:
        cfg (Config): The run's config; ``model_wrapper_cfg`` is set or completed.
        launcher (str): ``'none'``, ``'pytorch'``, ``'slurm'`` or ``'mpi'``.
    """
    if launcher == 'none' or torch.cuda.is_available():
        return
    if not dist.is_initialized():
        dist.init_process_group(backend='gloo')
    wrapper = cfg.get('model_wrapper_cfg')
    if wrapper is None:
        cfg.model_wrapper_cfg = dict(
            type='MMDistributedDataParallel', device_ids=None, broadcast_buffers=False
        )
        return
    wrapper_type = MODEL_WRAPPERS.get(wrapper.get('type', 'MMDistributedDataParallel'))
    if issubclass(wrapper_type, DistributedDataParallel):
        wrapper.setdefault('device_ids', None)


@contextmanager
def distributed_session(cfg: Config, launcher: str) -> Iterator[None]:
    """Set up a (possibly CPU-only) distributed run and tear its process group down in order.

    A process group that outlives ``main`` is destroyed during interpreter shutdown, after the
    C++ globals its communication threads use: a rank then aborts (``terminate called without
    an active exception``, SIGABRT) although the work has finished. The Runner lives in
    reference cycles (hooks, loops) and its DDP model holds the group, so it would survive
    until then. Build and run the Runner in a function called inside the block: on leaving,
    its garbage is collected while the group is alive, the ranks meet at a barrier (none closes
    its connections while another still uses them) and the group is destroyed, in every case.
    A group the Runner initialises itself inside the block (GPU runs) is destroyed too.

    Args:
        cfg (Config): The run's config (see :func:`prepare_cpu_distributed`).
        launcher (str): ``'none'``, ``'pytorch'``, ``'slurm'`` or ``'mpi'``.
    """
    missing = [name for name in _TORCHRUN_VARIABLES if name not in os.environ]
    if launcher == 'pytorch' and missing:
        raise SystemExit(
            f'error: --launcher pytorch needs the variables torchrun sets ({", ".join(missing)} '
            'missing): start with tools/dist_train.sh, tools/dist_test.sh or torchrun'
        )
    if launcher in ('slurm', 'mpi') and not torch.cuda.is_available():
        raise SystemExit(
            f'error: --launcher {launcher} starts one process per GPU and needs GPUs; without '
            'them launch with torchrun (tools/dist_train.sh, tools/dist_test.sh)'
        )
    prepare_cpu_distributed(cfg, launcher)
    finished = False
    try:
        yield
        finished = True
    finally:
        gc.collect()
        if dist.is_initialized():
            if finished:
                dist.barrier()
            dist.destroy_process_group()
