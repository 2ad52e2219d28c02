"""Time and peak memory of MLAD at Charades size, loop-free against a per-class loop reference.

``ours`` is ``MLADEncoder`` + ``ClassWiseHead`` as registered: every class in one batched product,
attention through ``F.scaled_dot_product_attention``. ``loop`` is the same model, with the same
weights, computed as the authors' released code does it: one ``nn.Linear`` call per class for the
class-level features (Eq. (1)) and the classifiers (Eq. (7)), and attention through explicit
``softmax(Q K^T / sqrt(H)) V`` matrices. Both are checked to give the same outputs first.

The attention maps of one MLAD layer hold ``B (T C^2 + C T^2)`` weights per head (co-occurrence
``(B T, C, C)``, temporal ``(B C, T, T)``); the table lists them next to the ``(B C T)^2`` of one
fully-connected attention over all class-time pairs (the supplement's FC baseline).

Every (implementation, T) pair runs in a fresh subprocess. Peak memory is the growth of the
process's maximum resident set size (``resource.getrusage``) during the first forward (and
backward, ``--mode train``) pass at length T, after a warm-up pass on 16 tokens; time is the mean
wall time of ``--repeats`` further passes. Linux / macOS only (``resource``).

Usage:
    python tools/analysis/benchmark_mlad.py [--lengths 64 256 1024] [--mode infer|train]
        [--implementations ours loop] [--num-classes 157] [--in-channels 1024]
        [--embed-dims 128] [--num-layers 5] [--batch-size 1] [--repeats 2] [--threads N]
"""

import argparse
import math

import torch
import torch.nn.functional as F
from mmaction.structures import ActionDataSample
from subprocess_benchmark import (
    benchmark_parser,
    measure,
    parse_benchmark_args,
    print_header,
    print_row,
    report_step,
    run_benchmark,
)
from torch import nn

from dad_plugins.models.layers import ClassWiseLinear, SelfAttentionBlock
from dad_plugins.registry import MODELS
from dad_plugins.utils import register_all_modules

FORWARDED = ('num_classes', 'in_channels', 'embed_dims', 'num_layers')
IMPLEMENTATIONS = ('ours', 'loop')


class PerClassLinears(nn.Module):
    """``C`` separate ``nn.Linear`` layers, looped over, as in the released code.

    Built from a :class:`ClassWiseLinear`, whose weights it copies; ``forward`` has its shapes.
    """

    def __init__(self, layer: ClassWiseLinear) -> None:
        super().__init__()
        self.linears = nn.ModuleList(
            nn.Linear(layer.in_channels, layer.out_channels) for _ in range(layer.num_classes)
        )
        with torch.no_grad():
            for linear, weight, bias in zip(self.linears, layer.weight, layer.bias):
                linear.weight.copy_(weight)
                linear.bias.copy_(bias)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        outputs = [
            linear(x.transpose(1, 2) if x.dim() == 3 else x[:, c])
            for c, linear in enumerate(self.linears)
        ]  # C x (B, T, O)
        return torch.stack(outputs, dim=1)  # (B, C, T, O)


class ExplicitAttentionBlock(SelfAttentionBlock):
    """Single-head attention through explicit ``(N, L, L)`` weight matrices."""

    def attention(self, x: torch.Tensor, key_masks: torch.Tensor | None) -> torch.Tensor:
        query, key, value = self.qkv(x).split(x.shape[-1], dim=-1)  # (N, L, H) each
        logits = query @ key.transpose(1, 2) / math.sqrt(x.shape[-1])  # (N, L, L)
        if key_masks is not None:
            logits = logits.masked_fill(~key_masks[:, None, :], torch.finfo(x.dtype).min)
        weights = F.dropout(logits.softmax(dim=-1), self.dropout, self.training)
        return weights @ value


def parse_args() -> argparse.Namespace:
    parser = benchmark_parser(
        __doc__.splitlines()[0],
        lengths=(64, 256, 1024),
        mode_default='infer',
        mode_help='infer: forward without autograd; train: forward, loss and backward',
    )
    parser.add_argument('--implementations', nargs='+', choices=IMPLEMENTATIONS, default=['ours'])
    parser.add_argument('--num-classes', type=int, default=157)
    parser.add_argument('--in-channels', type=int, default=1024)
    parser.add_argument('--embed-dims', type=int, default=128)
    parser.add_argument('--num-layers', type=int, default=5)
    return parse_benchmark_args(parser, IMPLEMENTATIONS, repeats=2)


def build(implementation: str, args: argparse.Namespace) -> tuple[nn.Module, nn.Module]:
    """Encoder and head; the seed gives both implementations the same weights."""
    register_all_modules()
    torch.manual_seed(0)
    encoder = MODELS.build(
        dict(
            type='MLADEncoder',
            in_channels=args.in_channels,
            num_classes=args.num_classes,
            embed_dims=args.embed_dims,
            num_layers=args.num_layers,
        )
    )
    head = MODELS.build(
        dict(type='ClassWiseHead', num_classes=args.num_classes, in_channels=args.embed_dims)
    )
    if implementation == 'loop':
        encoder.projection = PerClassLinears(encoder.projection)
        head.classifier = PerClassLinears(head.classifier)
        head.initial_classifier = PerClassLinears(head.initial_classifier)
        for module in encoder.modules():
            if isinstance(module, SelfAttentionBlock):
                module.__class__ = ExplicitAttentionBlock  # same weights, explicit attention
    return encoder, head


def run_worker(args: argparse.Namespace) -> None:
    """Measure one implementation at one length; print a JSON line."""
    encoder, head = build(args.worker, args)
    train = args.mode == 'train'
    encoder.train(train)
    head.train(train)

    def step(length: int) -> None:
        x = torch.randn(args.batch_size, args.in_channels, length)  # (B, F, T)
        masks = torch.ones(args.batch_size, length, dtype=torch.bool)  # (B, T)
        if not train:
            with torch.no_grad():
                head.predict(*encoder(x, masks))
            return
        samples = []
        for _ in range(args.batch_size):
            sample = ActionDataSample()
            sample.gt_frame_labels = (torch.rand(length, args.num_classes) > 0.9).float()
            samples.append(sample)
        sum(head.loss(*encoder(x, masks), samples).values()).backward()
        encoder.zero_grad(set_to_none=True)
        head.zero_grad(set_to_none=True)

    report_step(step, args.length, args.repeats)


def check_agreement(args: argparse.Namespace, length: int = 24) -> None:
    """Both implementations give the same probabilities, with a padded video in the batch."""
    x = torch.randn(2, args.in_channels, length)
    masks = torch.arange(length)[None, :] < torch.tensor([length, length // 3])[:, None]
    outputs = []
    for implementation in IMPLEMENTATIONS:
        encoder, head = build(implementation, args)
        with torch.no_grad():
            outputs.append(head.predict(*encoder.eval()(x, masks)))
    torch.testing.assert_close(*outputs, rtol=1e-4, atol=1e-5)


def print_table(args: argparse.Namespace) -> None:
    """Print the settings and one row of measurements per length."""
    print(
        f'mode={args.mode} B={args.batch_size} C={args.num_classes} F={args.in_channels} '
        f'H={args.embed_dims} L={args.num_layers} threads={args.threads} '
        f'repeats={args.repeats} torch={torch.__version__}'
    )
    header = ['T']
    for name in args.implementations:
        header += [f'{name} s', f'{name} MiB']
    header += ['attention weights per layer, MLAD', 'full (CT)^2']
    print_header(header)
    classes = args.num_classes
    for length in args.lengths:
        row = [str(length)]
        for name in args.implementations:
            result = measure(__file__, name, length, args, FORWARDED)
            row += [f'{result["seconds"]:.2f}', f'{result["peak_bytes"] / 2**20:.0f}']
        mlad = args.batch_size * (length * classes**2 + classes * length**2)
        full = args.batch_size * (classes * length) ** 2
        row += [f'{mlad / 1e6:.1f} M', f'{full / 1e6:.0f} M']
        print_row(row)


def main() -> None:
    run_benchmark(parse_args(), run_worker, check_agreement, print_table)


if __name__ == '__main__':
    main()
