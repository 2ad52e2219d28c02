"""Time and peak memory of ``RelativeMultiheadAttention`` against a naive Shaw reference.

``ours`` is the registered module: queries in blocks of ``--query-block-size``, each block with its
own ``Q a^K^T`` per distance gathered into its ``(B, H, Q, T)`` logits, blocks recomputed in the
backward pass. ``one-block`` is the same module with all queries in one block: the ``(B, H, T, T)``
logits at once, as before blocks existed. ``naive`` computes the relative logits as in Shaw et al.
(2018): the ``(T, T, D_h)`` tensor of per-pair embeddings is built and contracted with the queries,
in one block. All share weights; their outputs and gradients are checked to agree before timing.

Every (implementation, T) pair runs in a fresh subprocess. Peak memory is the growth of the
process's maximum resident set size (``resource.getrusage``) during the first forward (and
backward, ``--mode train``) pass at length T, after a warm-up pass on 16 tokens; time is the mean
wall time of ``--repeats`` further passes (input creation included, the same for both).
Linux / macOS only (``resource``).

Usage:
    python tools/analysis/benchmark_relative_attention.py [--lengths 256 1024 2048]
        [--mode train|infer] [--embed-dims 512] [--num-heads 8] [--max-relative-distance 255]
        [--query-block-size 256] [--implementations ours one-block naive] [--batch-size 1]
        [--repeats 3] [--threads N]
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

FORWARDED = ('embed_dims', 'num_heads', 'max_relative_distance', 'query_block_size')
IMPLEMENTATIONS = ('ours', 'one-block', 'naive')


class NaiveRelativeAttention(RelativeMultiheadAttention):
    """Shaw et al. relative logits through an explicit ``(T, T, D_h)`` tensor."""

    def relative_key_logits(self, query: torch.Tensor, start: int, length: int) -> torch.Tensor:
        """``(B, H, Q, T)`` logits ``q_i . a_{clip(j - i)}`` of queries ``(B, H, Q, D_h)``."""
        stop = start + query.shape[2]
        index = relative_position_index(
            length, self.max_relative_distance, query.device, start, stop
        )
        pair_keys = self.rel_key_table[index]  # (Q, T, D_h)
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
    parser.add_argument('--query-block-size', type=int, default=256, help='of ours')
    parser.add_argument(
        '--implementations', nargs='+', choices=IMPLEMENTATIONS, default=list(IMPLEMENTATIONS)
    )
    return parse_benchmark_args(parser, IMPLEMENTATIONS, repeats=3)


def build(
    implementation: str, args: argparse.Namespace, block_size: int | None = None
) -> RelativeMultiheadAttention:
    """The module of ``implementation``; the seed gives all the same weights.

    ``block_size`` replaces ``--query-block-size`` for ``ours``; the others use one block.
    """
    torch.manual_seed(0)
    cls = NaiveRelativeAttention if implementation == 'naive' else RelativeMultiheadAttention
    if implementation != 'ours':
        block_size = 2**62  # every query in one block
    return cls(
        args.embed_dims,
        args.num_heads,
        args.max_relative_distance,
        query_block_size=block_size or args.query_block_size,
    )


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
    """All implementations give the same outputs and gradients, with distances beyond the clip
    and ``ours`` in several blocks."""
    x = torch.randn(2, args.embed_dims, length)
    masks = torch.arange(length)[None, :] < torch.tensor([length, length // 3])[:, None]
    weights = torch.randn(2, args.embed_dims, length)
    table = torch.randn(2 * args.max_relative_distance + 1, args.embed_dims // args.num_heads)
    results = []
    for implementation in IMPLEMENTATIONS:
        module = build(implementation, args, block_size=length // 3 - 1)
        with torch.no_grad():
            module.rel_key_table.copy_(table)
        inputs = x.clone().requires_grad_()
        out = module(inputs, masks)
        params = [inputs, module.rel_key_table, module.query.weight]
        results.append((out, *torch.autograd.grad((out * weights).sum(), params)))
    for other in results[1:]:
        for got, want in zip(results[0], other):
            torch.testing.assert_close(got, want, rtol=1e-4, atol=1e-5)


def print_table(args: argparse.Namespace) -> None:
    """Print the settings and one row of measurements per length."""
    print(
        f'mode={args.mode} B={args.batch_size} C={args.embed_dims} H={args.num_heads} '
        f'K={args.max_relative_distance} query_block_size={args.query_block_size} '
        f'threads={args.threads} repeats={args.repeats} torch={torch.__version__}'
    )
    names = args.implementations
    header = ['T', *(f'{name} s' for name in names), *(f'{name} MiB' for name in names)]
    if names[0] == 'ours' and len(names) > 1:
        header += [f'{name}/ours MiB' for name in names[1:]]
    print_header(header)
    for length in args.lengths:
        results = [measure(__file__, name, length, args, FORWARDED) for name in names]
        mib = [r['peak_bytes'] / 2**20 for r in results]
        row = [str(length), *(f'{r["seconds"]:.3f}' for r in results), *(f'{m:.1f}' for m in mib)]
        if len(header) > len(row):
            # below 0.1 MiB the peak is within measurement noise: no ratio
            row += [f'{m / mib[0]:.1f}x' if mib[0] >= 0.1 else 'n/a' for m in mib[1:]]
        print_row(row)


def main() -> None:
    run_benchmark(parse_args(), run_worker, check_agreement, print_table)


if __name__ == '__main__':
    main()
