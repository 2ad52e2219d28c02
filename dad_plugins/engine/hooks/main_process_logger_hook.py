"""The test metrics file written once, by the main process, in a distributed test."""

import json
import os.path as osp

from mmengine.dist import is_main_process
from mmengine.fileio.handlers.json_handler import set_default
from mmengine.hooks import LoggerHook

from dad_plugins.registry import HOOKS
from dad_plugins.utils import write_atomic


@HOOKS.register_module()
class MainProcessLoggerHook(LoggerHook):
    """:class:`~mmengine.hooks.LoggerHook` whose test metrics JSON is written by rank 0 only.

    mmengine's hook writes ``WORK_DIR/TIMESTAMP/TIMESTAMP.json`` after a test on every rank:
    under DDP all ranks write the same file at once. Here every rank logs the metrics line as
    before (mmengine shows only rank 0's) and the main process alone writes the file,
    atomically. Training and validation logging are mmengine's.

    Args:
        **kwargs: Those of :class:`~mmengine.hooks.LoggerHook`.
    """

    def after_test_epoch(self, runner, metrics: dict | None = None) -> None:
        tag, log_str = runner.log_processor.get_log_after_epoch(
            runner, len(runner.test_dataloader), 'test', with_non_scalar=True
        )
        runner.logger.info(log_str)
        if is_main_process():
            record = json.dumps(self._process_tags(tag), default=set_default)
            write_atomic(osp.join(runner.log_dir, self.json_log_path), record.encode())
