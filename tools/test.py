"""Evaluate a checkpoint on the config's test set and print every metric of its evaluator.

Usage: python tools/test.py CONFIG CHECKPOINT [--work-dir DIR] [--data-root DIR]
       [--metrics frame det seg ac] [--dump preds.pkl] [--no-strict] [--trust-checkpoint]
       [--per-class [out.csv]] [--show-dir DIR] [--show] [--cfg-options k=v ...]
       [--launcher pytorch]

``DAD_PLUGINS_QUICK=1`` in the environment tests the first 4 videos only (a quick smoke run).
"""

import argparse
import os
import os.path as osp

from mmengine.config import Config
from mmengine.dist import is_main_process
from mmengine.runner import Runner

from dad_plugins.datasets import check_class_count, check_dataset_files, resolve_dataset_files
from dad_plugins.datasets.annotation_readers import dataset_class_names
from dad_plugins.engine import (
    CheckpointMismatchError,
    add_data_root_option,
    add_strict_option,
    add_trust_checkpoint_option,
    apply_launcher_and_overrides,
    check_checkpoint_fits,
    check_dump_file,
    checkpoint_loading,
    distributed_session,
    load_config,
    parse_runner_args,
    read_checkpoint,
    set_work_dir,
    trigger_visualization_hook,
)
from dad_plugins.evaluation import (
    METRIC_KINDS,
    choose_metrics,
    evaluator_metrics,
    format_metrics_table,
    share_pooled_tokens,
)
from dad_plugins.evaluation.metrics.dump_predictions import DUMP_SUFFIXES, load_dump
from dad_plugins.evaluation.per_class_ap import (
    PER_CLASS_COLUMNS,
    per_class_csv,
    per_class_rows,
    per_class_table,
)
from dad_plugins.registry import METRICS
from dad_plugins.utils import write_atomic
from dad_plugins.utils.input_errors import exit_on_input_error


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description='Test (and evaluate) a dense action detector')
    parser.add_argument('config', help='test config file path')
    parser.add_argument('checkpoint', help='checkpoint file')
    parser.add_argument('--work-dir', help='directory for logs and metric files')
    add_data_root_option(parser)
    parser.add_argument(
        '--metrics',
        nargs='+',
        choices=list(METRIC_KINDS),
        help="evaluate these metrics, with the config's settings where its test_evaluator has "
        'them (default: the test_evaluator of the config)',
    )
    parser.add_argument(
        '--dump', help='write every prediction and its ground truth to this .pkl or .json file'
    )
    add_strict_option(parser, 'test')
    add_trust_checkpoint_option(parser)
    parser.add_argument(
        '--per-class',
        nargs='?',
        const='',
        metavar='OUT.csv',
        help="print every class's AP (the config's frame / det / seg metrics), and write them "
        'to this CSV when given',
    )
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
    if args.metrics is not None:
        cfg.test_evaluator = choose_metrics(cfg.get('test_evaluator'), args.metrics)
    if args.per_class is not None and not per_class_metrics(cfg):
        raise SystemExit(
            f'error: --per-class: the test_evaluator of {args.config} has none of '
            f'{", ".join(PER_CLASS_COLUMNS)}'
        )
    dump = args.dump
    if dump is None and args.per_class is not None:
        dump = osp.join(cfg.work_dir, 'per_class_predictions.pkl')  # removed once read
    if dump is not None:
        check_dump_file(dump, DUMP_SUFFIXES)
        dumping = dict(type='DumpPredictions', out_file=dump)
        cfg.test_evaluator = [*evaluator_metrics(cfg.test_evaluator), dumping]
    args.dump_file = dump
    trigger_visualization_hook(cfg, args.show_dir, args.show)
    return apply_launcher_and_overrides(cfg, args)


def per_class_metrics(cfg: Config) -> list:
    """The config's test metrics that report AP per class, built."""
    evaluators = evaluator_metrics(cfg.test_evaluator)
    return [METRICS.build(e) for e in evaluators if e['type'] in PER_CLASS_COLUMNS]


def report_per_class(cfg: Config, args: argparse.Namespace) -> None:
    """Print (and with a file name write as CSV) the per-class AP of the dumped predictions."""
    records = load_dump(args.dump_file)
    if args.dump is None:
        os.remove(args.dump_file)
    names = dataset_class_names(cfg.test_dataloader.dataset)
    rows = per_class_rows(records, per_class_metrics(cfg), names)
    print(per_class_table(rows))
    if args.per_class:
        write_atomic(args.per_class, per_class_csv(rows))
        print(f'per-class AP -> {args.per_class}')


def test(cfg: Config, args: argparse.Namespace) -> dict:
    """Check the class and data files, read the checkpoint, build the Runner, check that the
    checkpoint fits its model, and test; the Runner is garbage once this returns."""
    check_dataset_files(cfg, 'test_dataloader')
    check_class_count(cfg, ('test',))
    resolve_dataset_files(cfg, 'test_dataloader')
    checkpoint = read_checkpoint(cfg.load_from, args.trust_checkpoint)
    runner = Runner.from_cfg(share_pooled_tokens(cfg))
    check_checkpoint_fits(runner.model, checkpoint, cfg.load_from, args.strict)
    with checkpoint_loading(args.trust_checkpoint):
        return runner.test()


def main() -> None:
    args = parse_args()
    cfg = merge_args(load_config(args.config, data_root=args.data_root), args)
    with distributed_session(cfg, args.launcher), exit_on_input_error(CheckpointMismatchError):
        metrics = test(cfg, args)
        if is_main_process():
            print(format_metrics_table(metrics))
            if args.per_class is not None:
                report_per_class(cfg, args)


if __name__ == '__main__':
    main()
