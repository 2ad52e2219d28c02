"""Draw test (and validation) videos with the current visualizer."""

import os.path as osp
import re
from collections.abc import Iterator, Sequence

from mmengine.config import Config
from mmengine.hooks import Hook
from mmengine.visualization import Visualizer

from dad_plugins.registry import HOOKS
from dad_plugins.structures.dense_data_sample import DenseDataSample


def _file_name(video_id: str) -> str:
    """``video_id`` as a file name: characters other than letters, digits, ``.-_`` become ``_``."""
    return re.sub(r'[^\w.-]', '_', video_id) or 'video'


@HOOKS.register_module()
class DenseVisualizationHook(Hook):
    """Draws every ``interval``-th video of the test (and, with ``draw_val``, validation) loop
    with the Runner's visualizer (a ``DenseActionVisualizer``).

    At test time, with ``out_dir`` each picture is written to
    ``{work_dir}/{timestamp}/{out_dir}/{video_id}.png`` (an absolute ``out_dir`` is used as
    is), as mmdetection's ``--show-dir`` does; without it the pictures go to the visualizer's
    backends. Validation pictures always go to the backends, named ``val_{video_id}`` with the
    epoch as step. Each rank draws the videos it tests (the index counts that rank's videos).

    Args:
        enable (bool): Draw anything at all. Defaults to False.
        interval (int): Draw the videos whose index is a multiple of it. Defaults to 1.
        show (bool): Show each picture in a window. Defaults to False.
        wait_time (float): Seconds a shown window stays open (0: until closed).
            Defaults to 0.
        out_dir (str, optional): Folder of the test pictures. Defaults to None.
        draw_val (bool): Also draw during validation. Defaults to False.
        **draw_args: Passed to ``add_datasample`` (``draw_gt``, ``draw_pred``, ``top_k``,
            ``score_thr``).
    """

    priority = 'NORMAL'

    def __init__(
        self,
        enable: bool = False,
        interval: int = 1,
        show: bool = False,
        wait_time: float = 0,
        out_dir: str | None = None,
        draw_val: bool = False,
        **draw_args,
    ) -> None:
        if interval < 1:
            raise ValueError(f'DenseVisualizationHook: interval must be >= 1, got {interval}')
        self.enable = enable
        self.interval = interval
        self.show = show
        self.wait_time = wait_time
        self.out_dir = out_dir
        self.draw_val = draw_val
        self.draw_args = draw_args
        self._test_index = 0
        self._val_index = 0

    def before_test_epoch(self, runner) -> None:
        self._test_index = 0

    def before_val_epoch(self, runner) -> None:
        self._val_index = 0

    def after_test_iter(
        self, runner, batch_idx: int, data_batch: dict, outputs: Sequence[DenseDataSample]
    ) -> None:
        if not self.enable:
            return
        out_dir = None
        if self.out_dir is not None:
            out_dir = osp.join(runner.work_dir, runner.timestamp, self.out_dir)
        picked = self._every_interval(outputs, self._test_index)
        self._test_index += len(outputs)
        for index, name, sample in picked:
            out_file = None if out_dir is None else osp.join(out_dir, f'{name}.png')
            self._draw(name, sample, out_file, step=index)

    def after_val_iter(
        self, runner, batch_idx: int, data_batch: dict, outputs: Sequence[DenseDataSample]
    ) -> None:
        if not (self.enable and self.draw_val):
            return
        picked = self._every_interval(outputs, self._val_index)
        self._val_index += len(outputs)
        for _, name, sample in picked:
            self._draw(f'val_{name}', sample, None, step=runner.epoch)

    def _every_interval(
        self, outputs: Sequence[DenseDataSample], first_index: int
    ) -> Iterator[tuple[int, str, DenseDataSample]]:
        """``(index, name, sample)`` of the ``outputs`` whose index, counted from
        ``first_index``, is a multiple of ``interval``; ``name`` is the video id (the index
        without one) as a file name."""
        for index, sample in enumerate(outputs, first_index):
            if index % self.interval == 0:
                yield index, _file_name(str(sample.metainfo.get('video_id', index))), sample

    def _draw(self, name: str, sample: DenseDataSample, out_file: str | None, step: int) -> None:
        Visualizer.get_current_instance().add_datasample(
            name,
            sample,
            show=self.show,
            wait_time=self.wait_time,
            out_file=out_file,
            step=step,
            **self.draw_args,
        )


def trigger_visualization_hook(cfg: Config, show_dir: str | None, show: bool = False) -> None:
    """Enable ``default_hooks.visualization`` for ``--show-dir`` / ``--show`` of tools/test.py.

    Args:
        cfg (Config): The test config; its ``default_hooks`` must hold ``visualization``.
        show_dir (str, optional): Folder of the pictures, under ``{work_dir}/{timestamp}``
            when relative.
        show (bool): Show each picture in a window. Defaults to False.
    """
    if show_dir is None and not show:
        return
    hook = cfg.get('default_hooks', {}).get('visualization')
    if hook is None:
        raise ValueError(
            '--show-dir / --show need default_hooks.visualization in the config, e.g. '
            "dict(type='DenseVisualizationHook')"
        )
    hook.update(enable=True, show=show, out_dir=show_dir)
