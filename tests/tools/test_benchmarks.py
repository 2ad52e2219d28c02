"""The benchmarks run end to end at a toy size: agreement check, workers, table."""

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
