"""Peak memory and time of a config's model predicting one video of T tokens in one pass.

The model is built from the config with random weights (the detector alone for a config trained
with a paradigm, e.g. PAT's assistant branch), in eval mode, and predicts one video in
``'predict'`` mode without autograd: random ``(1, D, T)`` features (plus one ``(1, D_s, T)``
input per extra stream of the test pipeline, e.g. RefDense's entity stream), per-token scores,
post-processing and detections included. Windows are used only where the config's ``test_cfg``
asks for them.

Every T runs in a fresh subprocess (``subprocess_benchmark``). ``peak MiB`` is the whole process's
maximum resident set size (interpreter, libraries and weights included); ``growth MiB`` its growth
during the first prediction at T, after a warm-up prediction on 16 tokens; time is the mean wall
time of ``--repeats`` further predictions. Class text embedding files (CoLV losses, not used at
inference) are replaced by random ones. Linux / macOS only (``resource``).

Usage:
    python tools/analysis/benchmark_inference.py CONFIG [--tokens 2000 5000 20000]
        [--repeats 1] [--threads N] [--cfg-options k=v ...]
"""

import argparse
import os.path as osp
import tempfile

import torch
from get_flops import inference_model
from subprocess_benchmark import (
    measure,
    parse_benchmark_args,
    print_header,
    print_row,
    report_step,
    run_benchmark,
)

from dad_plugins.engine import add_cfg_options, load_config
from dad_plugins.testing import (
    config_feat_dims,
    config_num_classes,
    demo_data_sample,
    demo_inputs,
    write_text_embeddings,
)
from dad_plugins.utils import register_all_modules
from dad_plugins.utils.input_errors import exit_on_input_error

IMPLEMENTATIONS = ('model',)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('config', help='config file')
    parser.add_argument(
        '--tokens', dest='lengths', type=int, nargs='+', default=[2000, 5000, 20000]
    )
    add_cfg_options(parser, 'model.backbone.num_blocks=1')
    parser.add_argument('--mode', choices=('infer',), default='infer', help=argparse.SUPPRESS)
    return parse_benchmark_args(parser, IMPLEMENTATIONS, repeats=1)


def run_worker(args: argparse.Namespace) -> None:
    """Predict one video per step with the (already merged) config; print a JSON line."""
    register_all_modules()
    cfg = load_config(args.config)
    with exit_on_input_error():
        model = inference_model(cfg)
    feat_dims = config_feat_dims(cfg)
    num_classes = config_num_classes(cfg)

    def step(length: int) -> None:
        batch = demo_inputs([length], feat_dims)  # inputs (1, D, T), masks (1, T), streams
        samples = [demo_data_sample(length, num_classes)]
        with torch.no_grad():
            model(batch['inputs'], samples, 'predict', batch['masks'], batch['streams'])

    report_step(step, args.length, args.repeats)


def print_table(args: argparse.Namespace) -> None:
    """Merge the config once, then measure every length in its own subprocess."""
    cfg = load_config(args.config, args.cfg_options)
    print(
        f'config={args.config} threads={args.threads} repeats={args.repeats} '
        f'torch={torch.__version__}'
    )
    print_header(('T', 's / video', 'peak MiB', 'growth MiB'))
    with tempfile.TemporaryDirectory() as folder:
        write_text_embeddings(cfg, folder)
        merged = osp.join(folder, osp.basename(args.config))
        cfg.dump(merged)
        for length in args.lengths:
            result = measure(__file__, 'model', length, args, (), leading=(merged,))
            print_row(
                (
                    str(length),
                    f'{result["seconds"]:.2f}',
                    f'{result["max_rss_bytes"] / 2**20:.0f}',
                    f'{result["peak_bytes"] / 2**20:.0f}',
                )
            )


def main() -> None:
    run_benchmark(parse_args(), run_worker, lambda args: None, print_table)


if __name__ == '__main__':
    main()
