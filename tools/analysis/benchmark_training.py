"""Training throughput of a config on Charades-length videos: s/step, valid and padded tokens/s.

Batches come from the config's own training data loader (sampler, windows and collate), built once
and kept in memory, so that only ``train_step`` (forward, losses, backward, optimiser steps; for
PAT's paradigm both steps of Algorithm 1) is timed. Without ``--data`` the videos are synthetic
(durations drawn from the Charades distribution, one token per 1/3 s, random features of the
config's ``feat_dim`` and 7 random segments of its ``num_classes`` per video),
``--steps x --batch-size`` training videos: one epoch is ``--steps`` batches.

``--compare CONFIG2`` and ``--released-root DIR`` add variants measured in the same process on the
same videos: each round runs one epoch of every variant in turn, and the table gives the median
over ``--rounds`` rounds, so that a loaded machine slows every variant alike. ``DIR`` is a
checkout, kept outside this repository, of the released PAT code (faeghehsardari/PAT-ICCVW) or
MLAD code (ptirupat/MLAD). It gets the windows of the first config's batches zero-padded to the
config's ``window_size``, as the released collates pad to ``num_clips``, and trains with its own
settings: PAT (``Train_PAT_Charades.py``) its model with 3 RPT blocks per module, its
``AsymmetricLoss`` divided by the valid tokens, coarse + 0.1 fine, Adam 1e-4; MLAD
(``parameters.py``) its ``v1`` model (hidden 128, 5 layers), BCE on the initial and final
outputs, Adam 1e-3 stepped every batch. Packages they import for other purposes (timm, einops,
scikit-learn, torchvision) get empty stand-ins when missing. Valid tokens are the real video
tokens of a batch, padded tokens all computed ones. ``max RSS`` is the process's peak resident
memory after the variant's first round (cumulative over the variants run before it).
``--profile`` prints the ``torch.profiler`` per-operator table of one epoch of each variant.

Usage:
    python tools/analysis/benchmark_training.py CONFIG [--steps N] [--data DIR]
        [--compare CONFIG2 [--compare-cfg-options K=V ...]] [--released-root DIR]
        [--batch-size B] [--rounds R] [--threads N] [--seed S] [--profile]
        [--cfg-options K=V ...]
"""

import argparse
import importlib
import json
import logging
import os
import statistics
import sys
import tempfile
import time
import types
from collections.abc import Callable

import numpy as np
import torch
from mmengine.config import Config, DictAction
from mmengine.logging import MMLogger
from mmengine.optim import build_optim_wrapper
from mmengine.runner import Runner
from subprocess_benchmark import max_rss_bytes, print_header, print_row
from torch import nn

from dad_plugins.datasets.synthetic.charades_statistics import CHARADES_MEAN_DURATION
from dad_plugins.datasets.synthetic.scripts import sample_duration
from dad_plugins.engine.command_line import add_cfg_options, load_config
from dad_plugins.models.utils import stack_frame_labels
from dad_plugins.registry import MODELS
from dad_plugins.utils import register_all_modules

# Modules the released code imports for parts that training does not use; stand-ins are installed
# only when the real package is missing.
RELEASED_IMPORTS = (
    'timm',
    'timm.models',
    'timm.models.layers',
    'einops',
    'sklearn',
    'sklearn.metrics',
    'torchvision',
    'torchvision.models',
    'torchvision.models.video',
)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('config')
    parser.add_argument('--steps', type=int, default=10, help='batches of one epoch')
    parser.add_argument('--data', help='dataset root of the config (default: synthetic videos)')
    parser.add_argument('--compare', metavar='CONFIG2', help='a second config, interleaved')
    parser.add_argument(
        '--compare-cfg-options',
        nargs='+',
        action=DictAction,
        help='overrides of CONFIG2 only (after --cfg-options), e.g. to compare a config with a '
        'variant of itself',
    )
    parser.add_argument('--released-root', help='checkout of the released PAT code')
    parser.add_argument('--batch-size', type=int, help="default: the config's")
    parser.add_argument('--rounds', type=int, default=3, help='interleaved rounds (median)')
    parser.add_argument('--threads', type=int, default=torch.get_num_threads())
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--profile', action='store_true', help='print per-operator tables')
    add_cfg_options(parser, 'model.detector.backbone.num_blocks=4')
    return parser.parse_args()


def write_videos(root: str, num_videos: int, feat_dim: int, num_classes: int, seed: int) -> None:
    """Charades-length training videos: annotations, class names and random features."""
    rng = np.random.default_rng(seed)
    os.makedirs(os.path.join(root, 'features'))
    annotations = {}
    for index in range(num_videos):
        duration = round(sample_duration(rng, CHARADES_MEAN_DURATION), 2)
        bounds = np.sort(rng.uniform(0, duration, (7, 2)), axis=1)
        classes = rng.integers(0, num_classes, 7)
        actions = [[int(c), float(s), float(e)] for c, (s, e) in zip(classes, bounds)]
        annotations[f'video_{index:05d}'] = dict(
            subset='training', duration=duration, actions=actions
        )
        feats = rng.standard_normal((round(duration * 3), feat_dim), dtype=np.float32)
        np.save(os.path.join(root, 'features', f'video_{index:05d}.npy'), feats)
    with open(os.path.join(root, 'classes.txt'), 'w') as file:
        file.writelines(f'c{index:03d} class {index}\n' for index in range(num_classes))
    with open(os.path.join(root, 'annotations.json'), 'w') as file:
        json.dump(annotations, file)


def training_batches(cfg: Config, args: argparse.Namespace, data_root: str) -> list[dict]:
    """One epoch of the config's training batches over ``data_root``."""
    loader_cfg = cfg.train_dataloader
    loader_cfg.update(num_workers=0, persistent_workers=False)
    loader_cfg.dataset.data_root = data_root
    if args.batch_size is not None:
        loader_cfg.batch_size = args.batch_size
    np.random.seed(args.seed)  # random windows
    loader = Runner.build_dataloader(loader_cfg, seed=args.seed)
    return list(loader)


def ours_step(cfg, seed: int) -> Callable[[dict], None]:
    """A ``train_step`` of the config's model with its optimiser wrapper(s)."""
    torch.manual_seed(seed)
    model = MODELS.build(cfg.model)
    model.init_weights()
    model.train()
    optim_wrapper = build_optim_wrapper(model, cfg.optim_wrapper)
    return lambda batch: model.train_step(batch, optim_wrapper)


def install_stand_ins() -> None:
    """Stand-ins for the packages the released code imports but does not use in training."""
    for name in RELEASED_IMPORTS:
        try:
            importlib.import_module(name)
        except ImportError:
            stand_in = types.ModuleType(name)
            stand_in.trunc_normal_ = nn.init.trunc_normal_
            stand_in.DropPath = stand_in.to_2tuple = stand_in.rearrange = None
            stand_in.precision_recall_fscore_support = stand_in.average_precision_score = None
            sys.modules[name] = stand_in


def released_kind(root: str) -> str:
    """``'PAT'`` or ``'MLAD'``: which released repository ``root`` is a checkout of."""
    for kind, marker in (('PAT', 'PAT/PAT_Model.py'), ('MLAD', 'src/models/v1.py')):
        if os.path.isfile(os.path.join(root, marker)):
            return kind
    raise SystemExit(
        f'error: --released-root {root}: not a checkout of faeghehsardari/PAT-ICCVW '
        '(PAT/PAT_Model.py) or ptirupat/MLAD (src/models/v1.py)'
    )


def released_batch(batch: dict, num_clips: int) -> tuple[torch.Tensor, ...]:
    """Features ``(B, D, num_clips)``, masks ``(B, num_clips)`` and labels ``(B, num_clips, C)``
    of one of our batches, zero-padded to ``num_clips`` as the released collates pad."""
    pad = num_clips - batch['inputs'].shape[-1]
    inputs = nn.functional.pad(batch['inputs'], (0, pad))
    masks = nn.functional.pad(batch['masks'], (0, pad)).float()
    labels = stack_frame_labels(batch['data_samples'], num_clips).float().transpose(1, 2)
    return inputs, masks, labels


def released_step(cfg: Config, root: str, seed: int) -> tuple[str, Callable[[dict], None]]:
    """Name and training step of the released code on a batch of ours, padded to the window."""
    install_stand_ins()
    kind = released_kind(root)
    num_clips = cfg.get('window_size', 256)
    torch.manual_seed(seed)
    if kind == 'PAT':
        sys.path.insert(0, os.path.abspath(root))
        pat = importlib.import_module('PAT.PAT_Model').PAT
        # Train_PAT_Charades.py: 3 blocks, 8 heads, MLP ratio 8, 512 channels.
        model = pat([512] * 4, 3, 8, 8, cfg.feat_dim, 512, cfg.num_classes, num_clips)
        criterion = importlib.import_module('utils').AsymmetricLoss()
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-4)

        def loss(inputs, masks, labels):
            fine, coarse = model(inputs)  # (B, num_clips, C) logits each
            return (criterion(coarse, labels) + 0.1 * criterion(fine, labels)) / masks.sum()
    else:
        sys.path.insert(0, os.path.join(os.path.abspath(root), 'src'))
        model_module = importlib.import_module('model')
        # parameters.py: hidden 128, 5 layers, Adam 1e-3, weight decay 1e-6.
        model = model_module.build_model('v1', num_clips, cfg.num_classes, cfg.feat_dim, 128, 5)
        criterion = nn.BCEWithLogitsLoss()
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-6)

        def loss(inputs, masks, labels):
            outputs = model(inputs.transpose(1, 2))  # (B, num_clips, C) logits each
            targets = labels.reshape(-1, cfg.num_classes)
            return sum(
                criterion(outputs[key].reshape(-1, cfg.num_classes), targets)
                for key in ('init_output', 'final_output')
            )

    model.train()

    def step(batch: dict) -> None:
        optimizer.zero_grad()
        loss(*released_batch(batch, num_clips)).backward()
        optimizer.step()

    return f'released {kind} code', step


def time_epoch(step: Callable[[dict], None], batches: list) -> float:
    start = time.perf_counter()
    for batch in batches:
        step(batch)
    return time.perf_counter() - start


def print_profile(name: str, step: Callable[[dict], None], batches: list) -> None:
    with torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU]) as profiler:
        time_epoch(step, batches)
    print(f'\nProfile of {name}, one epoch:')
    print(profiler.key_averages().table(sort_by='self_cpu_time_total', row_limit=15))


def build_variants(args: argparse.Namespace, first: Config, data_root: str) -> dict:
    """Name -> ``(step, batches, padded length)``; the length is None where a batch is padded
    to its own length."""
    configs = {os.path.basename(args.config): first}
    if args.compare:
        second = load_config(args.compare, args.cfg_options)
        if args.compare_cfg_options:
            second.merge_from_dict(args.compare_cfg_options)
        configs[f'--compare {os.path.basename(args.compare)}'] = second
    variants = {
        name: (ours_step(cfg, args.seed), training_batches(cfg, args, data_root), None)
        for name, cfg in configs.items()
    }
    if args.released_root:
        name, step = released_step(first, args.released_root, args.seed)
        batches = next(iter(variants.values()))[1]
        variants[name] = (step, batches, first.get('window_size', 256))
    return variants


def print_table(args: argparse.Namespace, first: Config, variants: dict, seconds: dict, rss: dict):
    """Settings line and one row per variant; the ratio is to the released code if measured."""
    load = ', '.join(f'{value:.1f}' for value in os.getloadavg())
    print(
        f'threads={args.threads} rounds={args.rounds} (median) load average={load} '
        f'torch={torch.__version__} D={first.feat_dim} C={first.num_classes}'
    )
    reference_name = list(variants)[-1] if args.released_root else list(variants)[0]
    print_header(
        ['variant', 'batches', 'B', 's / step', 'valid tokens / s', 'padded tokens / s',
         'valid fraction', 'max RSS MiB', f'valid tokens / s vs {reference_name}']
    )  # fmt: skip
    speeds = {}
    for name, (_, batches, padded_length) in variants.items():
        epoch = statistics.median(seconds[name])
        valid = sum(int(batch['masks'].sum()) for batch in batches)
        padded = sum(
            batch['masks'].shape[0] * (padded_length or batch['masks'].shape[1])
            for batch in batches
        )
        speeds[name] = (epoch, valid, padded)
    reference = speeds[reference_name][1] / speeds[reference_name][0]
    for name, (epoch, valid, padded) in speeds.items():
        batches = variants[name][1]
        print_row(
            [name, str(len(batches)), str(batches[0]['masks'].shape[0]),
             f'{epoch / len(batches):.3f}', f'{valid / epoch:.0f}', f'{padded / epoch:.0f}',
             f'{valid / padded:.2f}', f'{rss[name] / 2**20:.0f}',
             f'{valid / epoch / reference:.2f}x']
        )  # fmt: skip


def main() -> None:
    args = parse_args()
    # No report of the weight initialisation.
    MMLogger.get_current_instance().setLevel(logging.WARNING)
    torch.set_num_threads(args.threads)
    register_all_modules()
    first = load_config(args.config, args.cfg_options)
    with tempfile.TemporaryDirectory() as tmp:
        data_root = args.data
        if data_root is None:
            data_root = tmp
            videos = args.steps * (args.batch_size or first.train_dataloader.batch_size)
            write_videos(tmp, videos, first.feat_dim, first.num_classes, args.seed)
        variants = build_variants(args, first, data_root)

    for step, batches, _ in variants.values():
        step(batches[0])  # warm-up: thread pools, lazy initialisation
    seconds = {name: [] for name in variants}
    rss = {}
    for _ in range(args.rounds):
        for name, (step, batches, _) in variants.items():
            seconds[name].append(time_epoch(step, batches))
            rss.setdefault(name, max_rss_bytes())
    print_table(args, first, variants, seconds, rss)
    if args.profile:
        for name, (step, batches, _) in variants.items():
            print_profile(name, step, batches)


if __name__ == '__main__':
    main()
