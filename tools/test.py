"""Evaluate a checkpoint on the config's test set and print every metric of its evaluator.

Usage: python tools/test.py CONFIG CHECKPOINT [--work-dir DIR] [--dump preds.pkl]
       [--cfg-options k=v ...] [--launcher pytorch]
"""

import argparse
import os
import os.path as osp

from mmengine.config import Config, DictAction
from mmengine.dist import is_main_process
from mmengine.runner import Runner

from dad_plugins.engine import (
    allow_mmengine_checkpoints,
    distributed_session,
)
from dad_plugins.evaluation import format_metrics_table
from dad_plugins.utils.input_errors import exit_on_input_error


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description='Test (and evaluate) a dense action detector')
    parser.add_argument('config', help='test config file path')
    parser.add_argument('checkpoint', help='checkpoint file')
    parser.add_argument('--work-dir', help='directory for logs and metric files')
    parser.add_argument('--dump', help='write every prediction to this pickle file')
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        action=DictAction,
        help='override config entries, e.g. test_dataloader.batch_size=1',
    )
    parser.add_argument(
        '--launcher', choices=['none', 'pytorch', 'slurm', 'mpi'], default='none', help='launcher'
    )
    parser.add_argument('--local_rank', '--local-rank', type=int, default=0)
    args = parser.parse_args()
    os.environ.setdefault('LOCAL_RANK', str(args.local_rank))
    return args


def merge_args(cfg: Config, args: argparse.Namespace) -> Config:
    """Apply the command-line options to the config."""
    if args.work_dir is not None:
        cfg.work_dir = args.work_dir
    elif cfg.get('work_dir') is None:
        cfg.work_dir = osp.join('./work_dirs', osp.splitext(osp.basename(args.config))[0])
    cfg.load_from = args.checkpoint
    cfg.launcher = args.launcher
    if args.dump is not None:
        evaluators = cfg.test_evaluator
        if not isinstance(evaluators, list | tuple):
            evaluators = [evaluators]
        cfg.test_evaluator = [*evaluators, dict(type='DumpPredictions', out_file=args.dump)]
    if args.cfg_options is not None:
        cfg.merge_from_dict(args.cfg_options)
    return cfg


def test(cfg: Config) -> dict:
    """Build the Runner and test; the Runner is garbage once this returns."""
    return Runner.from_cfg(cfg).test()


def main() -> None:
    args = parse_args()
    cfg = merge_args(Config.fromfile(args.config), args)
    allow_mmengine_checkpoints()
    with distributed_session(cfg, args.launcher), exit_on_input_error():
        metrics = test(cfg)
        if is_main_process():
            print(format_metrics_table(metrics))


if __name__ == '__main__':
    main()
