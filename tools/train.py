"""Train a dense detector with mmengine's Runner.

Usage: python tools/train.py CONFIG [--work-dir DIR] [--data-root DIR] [--resume [CKPT]]
       [--amp] [--trust-checkpoint] [--cfg-options k=v ...] [--launcher pytorch]

``DAD_PLUGINS_QUICK=1`` in the environment makes it a quick smoke run (one epoch, a few videos).
"""

import argparse
import warnings

import torch
from mmengine.config import Config
from mmengine.runner import Runner

from dad_plugins.datasets import check_class_count, check_dataset_files, resolve_dataset_files
from dad_plugins.engine import (
    CheckpointMismatchError,
    add_data_root_option,
    add_trust_checkpoint_option,
    apply_launcher_and_overrides,
    checkpoint_loading,
    distributed_session,
    latest_checkpoint,
    load_config,
    parse_runner_args,
    read_checkpoint,
    set_work_dir,
)
from dad_plugins.evaluation import share_pooled_tokens
from dad_plugins.utils.input_errors import exit_on_input_error


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description='Train a dense action detector')
    parser.add_argument('config', help='train config file path')
    parser.add_argument('--work-dir', help='directory for logs and checkpoints')
    add_data_root_option(parser)
    parser.add_argument(
        '--resume',
        nargs='?',
        type=str,
        const='auto',
        help='resume from this checkpoint, or from the latest whole one in the work dir if no path',
    )
    add_trust_checkpoint_option(parser)
    parser.add_argument('--amp', action='store_true', help='automatic mixed precision')
    parser.add_argument('--seed', type=int, default=None, help='random seed')
    return parse_runner_args(parser, 'train_cfg.max_epochs=2')


def use_amp(optim_wrapper: dict) -> None:
    """Switch every optimiser wrapper to mixed precision: mmengine's ``AmpOptimWrapper`` (dynamic
    loss scale) on a GPU, ``CPUAutocastOptimWrapper`` (bfloat16 autocast) without one.

    With ``MultiOptimWrapperConstructor`` (PAT's paradigm) each sub-module's wrapper is switched.
    """
    multi = optim_wrapper.get('constructor') == 'MultiOptimWrapperConstructor'
    wrappers = (
        [w for k, w in optim_wrapper.items() if k != 'constructor'] if multi else [optim_wrapper]
    )
    for wrapper in wrappers:
        if torch.cuda.is_available():
            wrapper['type'] = 'AmpOptimWrapper'
            wrapper.setdefault('loss_scale', 'dynamic')
        else:
            wrapper['type'] = 'CPUAutocastOptimWrapper'


def merge_args(cfg: Config, args: argparse.Namespace) -> Config:
    """Apply the command-line options to the config."""
    set_work_dir(cfg, args)
    if args.amp:
        use_amp(cfg.optim_wrapper)
    if args.resume is not None:
        cfg.resume = True
        cfg.load_from = None if args.resume == 'auto' else args.resume
    if args.seed is not None:
        cfg.randomness = dict(seed=args.seed)
    cfg = apply_launcher_and_overrides(cfg, args)
    if args.resume == 'auto':
        cfg.load_from = latest_checkpoint(cfg.work_dir)
        if cfg.load_from is None:
            warnings.warn(
                f'--resume: no whole checkpoint in {cfg.work_dir}; training from scratch',
                stacklevel=2,
            )
            cfg.resume = False
    return cfg


def train(cfg: Config, trust_checkpoint: bool) -> None:
    """Check the class and data files and the checkpoint to resume or start from, build the
    Runner and train; the Runner is garbage once this returns."""
    check_dataset_files(cfg, 'train_dataloader', 'val_dataloader')
    check_class_count(cfg, ('train', 'val'))
    resolve_dataset_files(cfg, 'train_dataloader')
    if cfg.load_from is not None:
        read_checkpoint(cfg.load_from, trust_checkpoint)  # one error line before anything is built
    with checkpoint_loading(trust_checkpoint):
        Runner.from_cfg(share_pooled_tokens(cfg)).train()


def main() -> None:
    args = parse_args()
    cfg = merge_args(load_config(args.config, data_root=args.data_root), args)
    with distributed_session(cfg, args.launcher), exit_on_input_error(CheckpointMismatchError):
        train(cfg, args.trust_checkpoint)


if __name__ == '__main__':
    main()
