"""Checkpoints that a crash cannot leave truncated, that are pruned only once the new one is
complete, and that load with ``torch.load(weights_only=True)``."""

import os.path as osp

import numpy as np
import torch
from mmengine.dist import is_main_process
from mmengine.fileio import LocalBackend, register_backend
from mmengine.hooks import CheckpointHook
from mmengine.logging import HistoryBuffer

from dad_plugins.registry import HOOKS
from dad_plugins.utils import write_atomic

#: The file backend that :class:`SafeCheckpointHook` writes local checkpoints with.
ATOMIC_BACKEND = 'dad_plugins_atomic_local'


@register_backend(ATOMIC_BACKEND)
class AtomicLocalBackend(LocalBackend):
    """mmengine's local file backend whose ``put`` writes a temporary file, flushes it to disk
    and renames it (:func:`~dad_plugins.utils.write_atomic`): a reader, or a run resumed after
    a crash, sees the old file or the whole new one, never a truncated one."""

    def put(self, obj: bytes, filepath: str) -> None:
        write_atomic(filepath, obj)


@HOOKS.register_module()
class SafeCheckpointHook(CheckpointHook):
    """:class:`~mmengine.hooks.CheckpointHook` whose checkpoints survive a crash and load safely.

    mmengine writes ``epoch_N.pth`` in place (a kill during the save leaves a truncated file
    under a normal name), removes the oldest checkpoint beyond ``max_keep_ckpts`` *before*
    saving the new one (with ``max_keep_ckpts=1`` a crash then leaves nothing loadable) and
    writes ``last_checkpoint`` in place. Here checkpoints on a local disk are written through
    :class:`AtomicLocalBackend`, ``last_checkpoint`` is written atomically once the new
    checkpoint is complete, and only then is the oldest one removed. Other storage backends
    (``backend_args`` given) keep mmengine's order.

    mmengine's message hub pickles its log buffers with their statistics methods, which
    ``torch.load(weights_only=True)`` refuses. The buffers are saved as tensors
    (``log_history``, ``count_history``, ``max_length``) and rebuilt when a checkpoint is
    loaded, so a checkpoint holds nothing but tensors, numpy scalars and plain containers (see
    :func:`~dad_plugins.engine.checkpoint_loading.checkpoint_loading`).

    Args:
        backend_args (dict, optional): Storage backend; None writes atomically to the local
            disk. Defaults to None.
        **kwargs: The other arguments of :class:`~mmengine.hooks.CheckpointHook`.
    """

    def __init__(self, *args, backend_args: dict | None = None, **kwargs) -> None:
        self.atomic = backend_args is None
        if self.atomic:
            backend_args = dict(backend=ATOMIC_BACKEND)
        super().__init__(*args, backend_args=backend_args, **kwargs)

    def before_save_checkpoint(self, runner, checkpoint: dict) -> None:
        scalars = checkpoint['message_hub']['log_scalars']
        for key, buffer in scalars.items():
            scalars[key] = dict(
                log_history=torch.from_numpy(np.asarray(buffer.data[0], dtype=np.float64)),
                count_history=torch.from_numpy(np.asarray(buffer.data[1], dtype=np.float64)),
                max_length=buffer.max_length,
            )

    def after_load_checkpoint(self, runner, checkpoint: dict) -> None:
        scalars = checkpoint.get('message_hub', {}).get('log_scalars', {})
        for key, saved in scalars.items():
            if isinstance(saved, dict):
                scalars[key] = HistoryBuffer(
                    saved['log_history'].numpy(),
                    saved['count_history'].numpy(),
                    saved['max_length'],
                )

    def _save_checkpoint_with_step(self, runner, step: int, meta: dict) -> None:
        if not self.atomic:
            super()._save_checkpoint_with_step(runner, step, meta)
            return
        stale = None
        if self.max_keep_ckpts > 0 and not (self.keep_ckpt_ids and self.keep_ckpt_ids[-1] == step):
            if len(self.keep_ckpt_ids) == self.max_keep_ckpts:
                stale = self.keep_ckpt_ids.popleft()
            self.keep_ckpt_ids.append(step)
            runner.message_hub.update_info('keep_ckpt_ids', list(self.keep_ckpt_ids))
        filename = self.filename_tmpl.format(step)
        self.last_ckpt = self.file_backend.join_path(self.out_dir, filename)
        runner.message_hub.update_info('last_ckpt', self.last_ckpt)
        runner.save_checkpoint(
            self.out_dir,
            filename,
            save_optimizer=self.save_optimizer,
            save_param_scheduler=self.save_param_scheduler,
            meta=meta,
            by_epoch=self.by_epoch,
            backend_args=self.backend_args,
            **self.args,
        )
        if not is_main_process():
            return
        write_atomic(osp.join(runner.work_dir, 'last_checkpoint'), self.last_ckpt.encode())
        if stale is not None:
            path = self.file_backend.join_path(self.out_dir, self.filename_tmpl.format(stale))
            if self.file_backend.isfile(path):
                self.file_backend.remove(path)
