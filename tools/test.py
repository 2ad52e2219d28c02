"""Evaluate a checkpoint on the config's test set and print every metric of its evaluator.

Usage: python tools/test.py CONFIG CHECKPOINT [--work-dir DIR] [--dump preds.pkl] [--no-strict]
       [--show-dir DIR] [--show] [--cfg-options k=v ...] [--launcher pytorch]
"""

import argparse

from mmengine.config import Config
from mmengine.dist import is_main_process
from mmengine.runner import Runner

from dad_plugins.engine import (
    CheckpointMismatchError,
    add_strict_option,
    allow_mmengine_checkpoints,
    apply_launcher_and_overrides,
    check_checkpoint_fits,
    check_dump_file,
    distributed_session,
    parse_runner_args,
    set_work_dir,
    trigger_visualization_hook,
)
from dad_plugins.evaluation import format_metrics_table
from dad_plugins.evaluation.metrics.dump_predictions import DUMP_SUFFIXES
from dad_plugins.utils.input_errors import exit_on_input_error


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description='Test (and evaluate) a dense action detector')
    parser.add_argument('config', help='test config file path')
    parser.add_argument('checkpoint', help='checkpoint file')
    parser.add_argument('--work-dir', help='directory for logs and metric files')
    parser.add_argument(
        '--dump', help='write every prediction and its ground truth to this .pkl or .json file'
    )
    add_strict_option(parser, 'test')
    parser.add_argument(
        '--show-dir',
        help='draw each test video into this folder (under WORK_DIR/TIMESTAMP when relative)',
    )
    parser.add_argument('--show', action='store_true', help='show each test video in a window')
    return parse_runner_args(parser, 'test_dataloader.batch_size=1')


def merge_args(cfg: Config, args: argparse.Namespace) -> Config:
    """Apply the command-line options to the config."""
    set_work_dir(cfg, args)
    cfg.load_from = args.checkpoint
    if args.dump is not None:
        check_dump_file(args.dump, DUMP_SUFFIXES)
        evaluators = cfg.test_evaluator
        if not isinstance(evaluators, list | tuple):
            evaluators = [evaluators]
        cfg.test_evaluator = [*evaluators, dict(type='DumpPredictions', out_file=args.dump)]
    trigger_visualization_hook(cfg, args.show_dir, args.show)
    return apply_launcher_and_overrides(cfg, args)


def test(cfg: Config, strict: bool) -> dict:
    """Build the Runner, check the checkpoint fits its model, and test; the Runner is garbage
    once this returns."""
    runner = Runner.from_cfg(cfg)
    check_checkpoint_fits(runner.model, cfg.load_from, strict)
    return runner.test()


def main() -> None:
    args = parse_args()
    cfg = merge_args(Config.fromfile(args.config), args)
    allow_mmengine_checkpoints()
    with distributed_session(cfg, args.launcher), exit_on_input_error(CheckpointMismatchError):
        metrics = test(cfg, args.strict)
        if is_main_process():
            print(format_metrics_table(metrics))


if __name__ == '__main__':
    main()
