"""Distributed set-up that also works on machines without a GPU."""

import torch
import torch.distributed as dist
from mmengine.config import Config


def prepare_cpu_distributed(cfg: Config, launcher: str) -> None:
    """Make ``launcher`` runs work on CPU-only machines; GPU runs are left unchanged.

    mmengine 0.10 initialises the process group with ``torch.cuda.set_device`` and wraps the
    model with ``device_ids=[local_rank]``; both fail without CUDA. On such machines this starts
    a ``gloo`` process group itself (the Runner then skips its own initialisation) and wraps the
    model with ``device_ids=None``.

    Args:
        cfg (Config): The run's config; ``model_wrapper_cfg`` is set when absent.
        launcher (str): ``'none'``, ``'pytorch'``, ``'slurm'`` or ``'mpi'``.
    """
    if launcher == 'none' or torch.cuda.is_available():
        return
    if not dist.is_initialized():
        dist.init_process_group(backend='gloo')
    cfg.setdefault(
        'model_wrapper_cfg',
        dict(type='MMDistributedDataParallel', device_ids=None, broadcast_buffers=False),
    )
