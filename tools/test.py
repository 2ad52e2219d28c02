"""Evaluate a checkpoint on the config's test set and print every metric of its evaluator.

Usage: python tools/test.py CONFIG CHECKPOINT [--work-dir DIR] [--dump preds.pkl]
       [--cfg-options k=v ...] [--launcher pytorch]
"""

import argparse

from mmengine.config import Config
from mmengine.dist import is_main_process
from mmengine.runner import Runner

from dad_plugins.engine import (
    allow_mmengine_checkpoints,
    apply_launcher_and_overrides,
    distributed_session,
    parse_runner_args,
    set_work_dir,
)
from dad_plugins.evaluation import format_metrics_table
from dad_plugins.utils.input_errors import exit_on_input_error


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description='Test (and evaluate) a dense action detector')
    parser.add_argument('config', help='test config file path')
    parser.add_argument('checkpoint', help='checkpoint file')
    parser.add_argument('--work-dir', help='directory for logs and metric files')
    parser.add_argument('--dump', help='write every prediction to this pickle file')
    return parse_runner_args(parser, 'test_dataloader.batch_size=1')


def merge_args(cfg: Config, args: argparse.Namespace) -> Config:
    """Apply the command-line options to the config."""
    set_work_dir(cfg, args)
    cfg.load_from = args.checkpoint
    if args.dump is not None:
        evaluators = cfg.test_evaluator
        if not isinstance(evaluators, list | tuple):
            evaluators = [evaluators]
        cfg.test_evaluator = [*evaluators, dict(type='DumpPredictions', out_file=args.dump)]
    return apply_launcher_and_overrides(cfg, args)


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
