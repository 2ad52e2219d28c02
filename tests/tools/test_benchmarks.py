"""The benchmarks run end to end at a toy size: agreement check, workers, table."""

import json
import sys

import pytest

from .runner import run_tool

TOY_RUNS = {
    'benchmark_relative_attention.py': [
        '--embed-dims', '16', '--num-heads', '2', '--max-relative-distance', '7',
    ],
    'benchmark_mlad.py': [
        '--num-classes', '6', '--in-channels', '8', '--embed-dims', '8', '--num-layers', '1',
        '--implementations', 'ours', 'loop',
    ],
}  # fmt: skip


@pytest.mark.parametrize('script', sorted(TOY_RUNS))
def test_benchmark_prints_its_table(script):
    args = [sys.executable, f'tools/analysis/{script}', '--lengths', '24', '--repeats', '1']
    result = run_tool(args + TOY_RUNS[script])
    rows = [line for line in result.stdout.splitlines() if line.startswith('| ')]
    assert [row.split('|')[1].strip() for row in rows] == ['T', '24']


def test_benchmark_training_compares_two_variants_of_a_config():
    config = 'configs/pat/pat_synthetic.py'
    args = [sys.executable, 'tools/analysis/benchmark_training.py', config, '--steps', '2']
    args += ['--batch-size', '2', '--rounds', '1', '--threads', '1', '--compare', config]
    args += ['--compare-cfg-options', 'train_dataloader.collate_fn.min_length=200']
    result = run_tool(args)
    rows = [line.split('|') for line in result.stdout.splitlines() if line.startswith('| ')]
    assert [row[1].strip() for row in rows] == [
        'variant', 'pat_synthetic.py', '--compare pat_synthetic.py'
    ]  # fmt: skip
    # Same videos, padded to 200 tokens in the second variant: the same valid tokens, more padded.
    valid_fraction = [float(row[7]) for row in rows[1:]]
    assert valid_fraction[1] < valid_fraction[0] <= 1


def test_inference_benchmark_prints_its_table():
    # RefDense: two feature streams and CoLV text embedding files that do not exist here.
    config = 'configs/refdense/refdense_synthetic.py'
    args = [sys.executable, 'tools/analysis/benchmark_inference.py', config, '--tokens', '24']
    result = run_tool(args + ['--repeats', '1', '--cfg-options', 'model.backbone.num_blocks=1'])
    rows = [line for line in result.stdout.splitlines() if line.startswith('| ')]
    assert [row.split('|')[1].strip() for row in rows] == ['T', '24']


def test_batch_padding_counts_the_tokens_of_each_layout(tmp_path):
    # 1, 2, 3 and 10 tokens in one batch, 16-token window, align 1: 4 rows of 16, 4 rows of 10,
    # or 2 packed rows of 16 (10 and 3 and 1 in one, 2 in the other).
    actions = [[0, 0.0, 1.0]]
    annotations = {
        f'v{i}': dict(subset='training', duration=d, actions=actions)
        for i, d in enumerate((1, 2, 3, 10))
    }
    annotations['test'] = dict(subset='testing', duration=50, actions=actions)
    ann_file = tmp_path / 'annotations.json'
    ann_file.write_text(json.dumps(annotations))
    args = [sys.executable, 'tools/analysis/batch_padding.py', str(ann_file), '--batch-size', '4']
    result = run_tool(args + ['--window', '16', '--token-rate', '1', '--pack-align', '1'])
    rows = [line.split('|') for line in result.stdout.splitlines() if line.startswith('| ')]
    cells = [[cell.strip() for cell in row[2:7]] for row in rows[1:]]
    assert cells == [
        ['plain', 'window', '4', '64', '0.25'],
        ['plain', 'longest', '4', '40', '0.40'],
        ['plain', 'packed', '2', '32', '0.50'],
        ['length-grouped', 'longest', '4', '40', '0.40'],
        ['length-grouped', 'packed', '2', '32', '0.50'],
    ]
