"""Time and peak memory of ``RelativeMultiheadAttention`` against a naive Shaw reference.

``ours`` is the registered module: ``Q a^K^T`` per distance, ``(B, H, T, 2K + 1)``, gathered into
the ``(B, H, T, T)`` logits. ``naive`` is the same module whose relative logits are computed as in
Shaw et al. (2018): the ``(T, T, D_h)`` tensor of per-pair embeddings is built and contracted
with the queries. Both share weights; their outputs are checked to agree before timing.

Every (implementation, T) pair runs in a fresh subprocess. Peak memory is the growth of the
process's maximum resident set size (``resource.getrusage``) during the first forward (and
backward, ``--mode train``) pass at length T, after a warm-up pass on 16 tokens; time is the mean
wall time of ``--repeats`` further passes (input creation included, the same for both).
Linux / macOS only (``resource``).

Usage:
    python tools/analysis/benchmark_relative_attention.py [--lengths 256 1024 2048]
        [--mode train|infer] [--embed-dims 512] [--num-heads 8] [--max-relative-distance 255]
        [--batch-size 1] [--repeats 3] [--threads N]
"""

import argparse

import torch
from subprocess_benchmark import (
    benchmark_parser,
    measure,
    parse_benchmark_args,
    print_header,
    print_row,
    report_step,
    run_benchmark,
)

from dad_plugins.models.layers import RelativeMultiheadAttention, relative_position_index

FORWARDED = ('embed_dims', 'num_heads', 'max_relative_distance')
IMPLEMENTATIONS = ('ours', 'naive')


class NaiveRelativeAttention(RelativeMultiheadAttention):
    """Shaw et al. relative logits through an explicit ``(T, T, D_h)`` tensor."""

    def relative_key_logits(self, query: torch.Tensor) -> torch.Tensor:
        """``(B, H, T, T)`` logits ``q_i . a_{clip(j - i)}`` of queries ``(B, H, T, D_h)``."""
        index = relative_position_index(query.shape[2], self.max_relative_distance, query.device)
        pair_keys = self.rel_key_table[index]  # (T, T, D_h)
        return torch.einsum('bhid,ijd->bhij', query, pair_keys)


def parse_args() -> argparse.Namespace:
    parser = benchmark_parser(
        __doc__.splitlines()[0],
        lengths=(256, 1024, 2048),
        mode_default='train',
        mode_help='train: forward + backward; infer: forward without autograd',
    )
    parser.add_argument('--embed-dims', type=int, default=512)
    parser.add_argument('--num-heads', type=int, default=8)
    parser.add_argument('--max-relative-distance', type=int, default=255)
    return parse_benchmark_args(parser, IMPLEMENTATIONS, repeats=3)


def build(implementation: str, args: argparse.Namespace) -> RelativeMultiheadAttention:
    """The module of ``implementation``; the seed gives both the same weights."""
    torch.manual_seed(0)
    cls = NaiveRelativeAttention if implementation == 'naive' else RelativeMultiheadAttention
    return cls(args.embed_dims, args.num_heads, args.max_relative_distance)


def run_worker(args: argparse.Namespace) -> None:
    """Measure one implementation at one length; print a JSON line."""
    module = build(args.worker, args)

    def step(length: int) -> None:
        x = torch.randn(args.batch_size, args.embed_dims, length)  # (B, C, T)
        masks = torch.ones(args.batch_size, length, dtype=torch.bool)  # (B, T)
        if args.mode == 'train':
            module(x, masks).sum().backward()
            module.zero_grad(set_to_none=True)
        else:
            with torch.no_grad():
                module(x, masks)

    report_step(step, args.length, args.repeats)


def check_agreement(args: argparse.Namespace, length: int = 96) -> None:
    """Both implementations give the same outputs, with distances beyond the clip."""
    x = torch.randn(2, args.embed_dims, length)
    masks = torch.arange(length)[None, :] < torch.tensor([length, length // 3])[:, None]
    with torch.no_grad():
        ours, naive = build('ours', args), build('naive', args)
        naive.rel_key_table.normal_()
        ours.rel_key_table.copy_(naive.rel_key_table)
        torch.testing.assert_close(ours(x, masks), naive(x, masks), rtol=1e-4, atol=1e-5)


def print_table(args: argparse.Namespace) -> None:
    """Print the settings and one row of measurements per length."""
    print(
        f'mode={args.mode} B={args.batch_size} C={args.embed_dims} H={args.num_heads} '
        f'K={args.max_relative_distance} threads={args.threads} repeats={args.repeats} '
        f'torch={torch.__version__}'
    )
    header = ('T', 'ours s', 'naive s', 'naive/ours', 'ours MiB', 'naive MiB', 'naive/ours')
    print_header(header)
    for length in args.lengths:
        ours, naive = (measure(__file__, name, length, args, FORWARDED) for name in IMPLEMENTATIONS)
        ours_mib, naive_mib = (r['peak_bytes'] / 2**20 for r in (ours, naive))
        row = (
            str(length),
            f'{ours["seconds"]:.3f}',
            f'{naive["seconds"]:.3f}',
            f'{naive["seconds"] / ours["seconds"]:.1f}x',
            f'{ours_mib:.1f}',
            f'{naive_mib:.1f}',
            # below 0.1 MiB the peak is within measurement noise: no ratio
            f'{naive_mib / ours_mib:.1f}x' if ours_mib >= 0.1 else 'n/a',
        )
        print_row(row)


def main() -> None:
    run_benchmark(parse_args(), run_worker, check_agreement, print_table)


if __name__ == '__main__':
    main()
