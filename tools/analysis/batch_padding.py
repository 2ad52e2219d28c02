"""How much of an epoch's batches is video: padded to the window, to the longest video, packed.

Reads the video durations of an annotation file (MS-TCT form, the training subset), takes each
video's training window (``min(round(duration * token_rate), window)`` tokens) and forms one epoch
of batches of ``--batch-size`` videos as the training data loader does, with mmengine's shuffled
``DefaultSampler`` or ``LengthGroupedBatchSampler`` over it, then lays each batch out as
``dense_collate`` would: padded to the window, padded to its longest video, or packed into rows of
at most the window (``pack_length``, ``pack_align``; :func:`pack_videos`). No model runs: it
prints, per batching, the rows and tokens computed per epoch, the valid fraction (video tokens
over computed tokens), and the attention work (sum over rows of ``T^2``, which a packed row
spends whole although its videos only attend within themselves) relative to padding to the
window.

Usage:
    python tools/analysis/batch_padding.py ANN_FILE [--batch-size B ...] [--window 256]
        [--token-rate 3] [--pack-align 8] [--seed 0]
"""

import argparse
import json

import torch
from mmengine.dataset import DefaultSampler
from subprocess_benchmark import print_header, print_row

from dad_plugins.datasets import LengthGroupedBatchSampler, pack_videos


class Durations:
    """A dataset that knows the duration of its videos only."""

    def __init__(self, durations: list[float]) -> None:
        self.durations = durations

    def __len__(self) -> int:
        return len(self.durations)

    def get_data_info(self, index: int) -> dict:
        return dict(duration=self.durations[index])


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('ann_file', help='annotations in MS-TCT form (e.g. Charades)')
    parser.add_argument('--batch-size', type=int, nargs='+', default=[3, 5, 32])
    parser.add_argument('--window', type=int, default=256, help='training window in tokens')
    parser.add_argument('--token-rate', type=float, default=3.0, help='tokens per second')
    parser.add_argument('--pack-align', type=int, default=8, help="the model's largest stride")
    parser.add_argument('--seed', type=int, default=0)
    return parser.parse_args()


def batch_shapes(lengths: list[int], layout: str, window: int, align: int) -> list[int]:
    """Tokens per row of one batch (its rows all have the batch's length ``T``)."""
    if layout == 'window':
        return [window] * len(lengths)
    if layout == 'longest':
        return [max(lengths)] * len(lengths)
    places = pack_videos(lengths, window, align)
    rows = 1 + max(row for row, _ in places)
    return [max(start + n for (_, start), n in zip(places, lengths))] * rows


def main() -> None:
    args = parse_args()
    with open(args.ann_file) as file:
        videos = [v for v in json.load(file).values() if v['subset'] == 'training']
    durations = [float(v['duration']) for v in videos]
    lengths = [max(1, min(args.window, round(d * args.token_rate))) for d in durations]
    print(
        f'{len(lengths)} training videos, mean window {sum(lengths) / len(lengths):.1f} tokens '
        f'(window {args.window}, {args.token_rate:g} tokens/s), pack_align={args.pack_align}'
    )
    print_header(
        ['B', 'sampler', 'layout', 'rows / epoch', 'tokens / epoch', 'valid fraction',
         'attention work vs window']
    )  # fmt: skip
    dataset = Durations(durations)
    valid = sum(lengths)
    for batch_size in args.batch_size:
        reference = None
        for sampler_name in ('plain', 'length-grouped'):
            sampler = DefaultSampler(dataset, shuffle=True, seed=args.seed)
            if sampler_name == 'plain':
                indices = list(sampler)
                batches = [indices[i : i + batch_size] for i in range(0, len(indices), batch_size)]
            else:
                batches = list(LengthGroupedBatchSampler(sampler, batch_size))
            layouts = ('window', 'longest', 'packed') if sampler_name == 'plain' else (
                'longest', 'packed')  # fmt: skip
            for layout in layouts:
                rows = [
                    batch_shapes([lengths[i] for i in batch], layout, args.window, args.pack_align)
                    for batch in batches
                ]
                tokens = sum(sum(batch) for batch in rows)
                attention = sum(t * t for batch in rows for t in batch)
                reference = reference or attention
                print_row(
                    [str(batch_size), sampler_name, layout, str(sum(map(len, rows))), str(tokens),
                     f'{valid / tokens:.2f}', f'{attention / reference:.2f}']
                )  # fmt: skip


if __name__ == '__main__':
    torch.set_num_threads(1)
    main()
