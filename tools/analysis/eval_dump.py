"""Recompute metrics from a prediction dump of ``tools/test.py --dump``, without the model.

Usage: python tools/analysis/eval_dump.py DUMP [--metrics frame det seg ac]
       [--config CONFIG [--data-root DIR]] [--per-class out.csv]

The dump (``.pkl`` or ``.json``) holds every video's predictions and ground truth. The metrics
are the registered ones of ``dad_plugins.evaluation`` over the same functional implementations,
so the numbers equal those ``tools/test.py`` printed. With ``--config`` each metric takes its
settings (e.g. ``SegmentationMAP(mode='gaussian')``) from the config's ``test_evaluator`` and the
per-class table takes the class names from its class file; without it the metrics run with
their defaults.
"""

import argparse
from pathlib import Path

from dad_plugins.datasets.annotation_readers import dataset_class_names
from dad_plugins.engine import add_cfg_options, add_data_root_option, load_config
from dad_plugins.evaluation import METRIC_KINDS, choose_metrics, format_metrics_table
from dad_plugins.evaluation.metrics.dump_predictions import load_dump
from dad_plugins.evaluation.per_class_ap import per_class_csv, per_class_rows
from dad_plugins.registry import METRICS
from dad_plugins.utils import register_all_modules, write_atomic
from dad_plugins.utils.input_errors import AnnotationError, exit_on_input_error

_GROUND_TRUTH = ('gt_frame_labels', 'gt_instances')


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description='Recompute metrics from a prediction dump')
    parser.add_argument('dump', help='.pkl or .json file of tools/test.py --dump')
    parser.add_argument(
        '--metrics',
        nargs='+',
        choices=list(METRIC_KINDS),
        help='metrics to compute (default: those of the config, else frame det seg ac)',
    )
    parser.add_argument('--config', help='config whose test_evaluator settings and classes to use')
    add_data_root_option(parser)
    add_cfg_options(parser, 'test_evaluator.0.type=DetectionMAP')
    parser.add_argument('--per-class', help='write per-class AP (frame, det, seg) to this CSV')
    args = parser.parse_args()
    if args.config is None and (args.cfg_options or args.data_root):
        parser.error('--cfg-options and --data-root change a config: give it with --config')
    return args


def evaluate(records: list[dict], configs: list[dict]) -> tuple[dict, list]:
    """Every metric of ``configs`` over the dumped records; the metrics dict and the built
    metrics."""
    metrics, built = {}, []
    for config in configs:
        metric = METRICS.build(config)
        metric.process(None, records)
        results = metric.compute_metrics(metric.results)
        prefix = metric.prefix or metric.default_prefix
        metrics.update({f'{prefix}/{key}' if prefix else key: v for key, v in results.items()})
        built.append(metric)
    return metrics, built


def main() -> None:
    args = parse_args()
    register_all_modules()
    with exit_on_input_error():
        if not Path(args.dump).is_file():
            raise FileNotFoundError(f'{args.dump}: no such file')
        records = load_dump(args.dump)
        if not records:
            raise AnnotationError(args.dump, 'the dump holds no videos')
        missing = [key for key in _GROUND_TRUTH if key not in records[0]]
        if missing:
            raise AnnotationError(
                args.dump, f'no ground truth ({", ".join(missing)}); dump it with tools/test.py'
            )
        cfg = None
        if args.config is not None:
            cfg = load_config(args.config, args.cfg_options, args.data_root)
        evaluator = None if cfg is None else cfg.get('test_evaluator')
        metrics, built = evaluate(records, choose_metrics(evaluator, args.metrics))
        print(format_metrics_table(metrics))
        if args.per_class is not None:
            names = None if cfg is None else dataset_class_names(cfg.test_dataloader.dataset)
            rows = per_class_rows(records, built, names)
            write_atomic(args.per_class, per_class_csv(rows))


if __name__ == '__main__':
    main()
