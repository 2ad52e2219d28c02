"""A quick smoke run of any config, asked for with the environment variable ``DAD_PLUGINS_QUICK=1``.

With it set, ``tools/train.py`` trains one epoch on the first 8 training videos and validates
once, at the end, on the first 4 validation videos; ``tools/test.py`` tests the first 4 test
videos. A wrapped dataset (``SlidingWindowDataset``) keeps the windows of its first videos.
Nothing else of the config changes, so a command that runs quickly runs in full without it.
"""

import logging
import os
from collections.abc import Mapping

from mmengine.config import Config
from mmengine.logging import print_log

from dad_plugins.utils.dataset_configs import dataset_config

#: The environment variable: ``1`` for a quick run; unset, empty or ``0`` for the config as is.
QUICK_RUN_VARIABLE = 'DAD_PLUGINS_QUICK'
#: Training epochs of a quick run.
QUICK_EPOCHS = 1
#: Videos of each split in a quick run.
QUICK_VIDEOS = dict(train_dataloader=8, val_dataloader=4, test_dataloader=4)


def quick_run_requested() -> bool:
    """Whether ``DAD_PLUGINS_QUICK`` asks for a quick run.

    Raises:
        SystemExit: One ``error:`` line for a value other than ``1``, ``0`` or empty.
    """
    value = os.environ.get(QUICK_RUN_VARIABLE, '').strip()
    if value not in ('', '0', '1'):
        raise SystemExit(
            f'error: {QUICK_RUN_VARIABLE}={value}: set it to 1 for a quick smoke run, or to 0 '
            '(or unset it) for the whole run'
        )
    return value == '1'


def apply_quick_run(cfg: Config) -> None:
    """Cap the epochs and the videos of each split of ``cfg`` when a quick run is asked for.

    Caps only lower: a config (or ``--cfg-options``) with fewer epochs or videos keeps them.
    The validation of the last epoch runs (``val_begin`` and ``val_interval`` at most the
    epochs). Changes ``cfg`` in place and logs one warning line saying what it did.
    """
    if not quick_run_requested():
        return
    train_cfg = cfg.get('train_cfg')
    if isinstance(train_cfg, Mapping) and 'max_epochs' in train_cfg:
        train_cfg['max_epochs'] = min(train_cfg['max_epochs'], QUICK_EPOCHS)
        for key in ('val_begin', 'val_interval'):
            if key in train_cfg:
                train_cfg[key] = min(train_cfg[key], train_cfg['max_epochs'])
    for dataloader, videos in QUICK_VIDEOS.items():
        dataset = dataset_config(cfg, dataloader)
        if dataset:
            dataset['indices'] = _first(dataset.get('indices'), videos)
    print_log(
        f'{QUICK_RUN_VARIABLE}=1: a quick smoke run of at most {QUICK_EPOCHS} epoch, '
        f'{QUICK_VIDEOS["train_dataloader"]} training, {QUICK_VIDEOS["val_dataloader"]} '
        f'validation and {QUICK_VIDEOS["test_dataloader"]} test videos; its numbers mean nothing',
        logger='current',
        level=logging.WARNING,
    )


def _first(indices: int | list | None, videos: int) -> int | list:
    """At most the first ``videos`` of what ``indices`` (mmengine's ``BaseDataset``) selects."""
    if indices is None:
        return videos
    if isinstance(indices, int):
        return min(indices, videos)
    return list(indices)[:videos]
