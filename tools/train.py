"""Train a dense detector with mmengine's Runner.

Usage: python tools/train.py CONFIG [--work-dir DIR] [--resume [CKPT]] [--amp]
       [--cfg-options k=v ...] [--launcher pytorch]
"""

import argparse

import torch
from mmengine.config import Config
from mmengine.runner import Runner

from dad_plugins.engine import (
    allow_mmengine_checkpoints,
    apply_launcher_and_overrides,
    check_dataset_files,
    distributed_session,
    parse_runner_args,
    resolve_dataset_files,
    set_work_dir,
)
from dad_plugins.utils.input_errors import exit_on_input_error


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description='Train a dense action detector')
    parser.add_argument('config', help='train config file path')
    parser.add_argument('--work-dir', help='directory for logs and checkpoints')
    parser.add_argument(
        '--resume',
        nargs='?',
        type=str,
        const='auto',
        help='resume from this checkpoint, or from the latest one in the work dir if no path',
    )
    parser.add_argument('--amp', action='store_true', help='automatic mixed precision')
    parser.add_argument('--seed', type=int, default=None, help='random seed')
    return parse_runner_args(parser, 'train_cfg.max_epochs=2')


def use_amp(optim_wrapper: dict) -> None:
    """Switch every optimiser wrapper to mmengine's ``AmpOptimWrapper`` (dynamic loss scale).

    With ``MultiOptimWrapperConstructor`` (PAT's paradigm) each sub-module's wrapper is switched.
    mmengine's AMP wrapper runs on GPUs (and NPU / MLU / MUSA) only: without one this is an error.
    """
    if not torch.cuda.is_available():
        raise SystemExit("error: --amp needs a GPU: mmengine's AmpOptimWrapper does not run on CPU")
    multi = optim_wrapper.get('constructor') == 'MultiOptimWrapperConstructor'
    wrappers = (
        [w for k, w in optim_wrapper.items() if k != 'constructor'] if multi else [optim_wrapper]
    )
    for wrapper in wrappers:
        wrapper['type'] = 'AmpOptimWrapper'
        wrapper.setdefault('loss_scale', 'dynamic')


def merge_args(cfg: Config, args: argparse.Namespace) -> Config:
    """Apply the command-line options to the config."""
    set_work_dir(cfg, args)
    if args.amp:
        use_amp(cfg.optim_wrapper)
    if args.resume == 'auto':
        cfg.resume = True
        cfg.load_from = None
    elif args.resume is not None:
        cfg.resume = True
        cfg.load_from = args.resume
    if args.seed is not None:
        cfg.randomness = dict(seed=args.seed)
    return apply_launcher_and_overrides(cfg, args)


def train(cfg: Config) -> None:
    """Build the Runner and train; the Runner is garbage once this returns."""
    check_dataset_files(cfg, 'train_dataloader', 'val_dataloader')
    resolve_dataset_files(cfg, 'train_dataloader')
    Runner.from_cfg(cfg).train()


def main() -> None:
    args = parse_args()
    cfg = merge_args(Config.fromfile(args.config), args)
    allow_mmengine_checkpoints()
    with distributed_session(cfg, args.launcher), exit_on_input_error():
        train(cfg)


if __name__ == '__main__':
    main()
