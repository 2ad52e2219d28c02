"""Shared measurement of the benchmarks: one (implementation, length) per fresh subprocess.

A worker runs ``step(16)`` as a warm-up (lazy initialisation of kernels and thread pools outside
the measurement), then takes the peak memory as the growth of the process's maximum resident set
size (``resource.getrusage``) during ``step(length)``, and the time as the mean wall time of
``repeats`` further steps; it prints both, with the process's whole peak resident set size, as one
JSON line, which :func:`measure` reads back.
Linux / macOS only (``resource``).
"""

import argparse
import json
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Sequence

import torch

# Options of benchmark_parser and parse_benchmark_args that measure passes on to every worker.
SHARED_OPTIONS = ('mode', 'batch_size', 'repeats', 'threads')


def benchmark_parser(
    description: str, lengths: Sequence[int], mode_default: str, mode_help: str
) -> argparse.ArgumentParser:
    """Parser with the benchmark's ``--lengths`` and ``--mode``; add the module's options, then
    call :func:`parse_benchmark_args`."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument('--lengths', type=int, nargs='+', default=list(lengths))
    parser.add_argument('--mode', choices=('train', 'infer'), default=mode_default, help=mode_help)
    return parser


def parse_benchmark_args(
    parser: argparse.ArgumentParser, implementations: Sequence[str], repeats: int
) -> argparse.Namespace:
    """Add the measurement options and the hidden worker options of :func:`measure`, and parse."""
    parser.add_argument('--batch-size', type=int, default=1)
    parser.add_argument('--repeats', type=int, default=repeats)
    parser.add_argument('--threads', type=int, default=torch.get_num_threads())
    parser.add_argument('--worker', choices=implementations, help=argparse.SUPPRESS)
    parser.add_argument('--length', type=int, help=argparse.SUPPRESS)
    return parser.parse_args()


def print_row(cells: Sequence[str]) -> None:
    """Print one row of the Markdown result table."""
    print('| ' + ' | '.join(cells) + ' |', flush=True)


def print_header(cells: Sequence[str]) -> None:
    """Print the header row and the rule of the Markdown result table."""
    print_row(cells)
    print('|' + '---|' * len(cells))


def max_rss_bytes() -> int:
    """Maximum resident set size of this process so far."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == 'darwin' else peak * 1024  # Linux reports KiB


def report_step(step: Callable[[int], None], length: int, repeats: int) -> None:
    """Measure ``step`` at ``length`` tokens; print ``{"seconds", "peak_bytes", "max_rss_bytes"}``
    as JSON: ``peak_bytes`` is the growth during the first step at ``length``, ``max_rss_bytes``
    the peak of the whole process (interpreter, libraries and weights included)."""
    step(16)
    before = max_rss_bytes()
    step(length)
    peak = max_rss_bytes() - before
    start = time.perf_counter()
    for _ in range(repeats):
        step(length)
    seconds = (time.perf_counter() - start) / repeats
    print(json.dumps(dict(seconds=seconds, peak_bytes=peak, max_rss_bytes=max_rss_bytes())))


def measure(
    script: str,
    implementation: str,
    length: int,
    args: argparse.Namespace,
    forwarded: Sequence[str],
    leading: Sequence[str] = (),
) -> dict:
    """Run ``script --worker implementation --length length`` and read its measurements.

    Args:
        script (str): The benchmark script, which runs :func:`report_step` given ``--worker``.
        implementation (str): Value of ``--worker``.
        length (int): Value of ``--length``.
        args (argparse.Namespace): The parent's options.
        forwarded (Sequence[str]): Names of the module's own options passed on (``embed_dims``
            becomes ``--embed-dims``), besides ``SHARED_OPTIONS``.
        leading (Sequence[str]): Arguments given before the options, e.g. a positional config
            file. Defaults to none.

    Returns:
        dict: ``seconds``, ``peak_bytes`` and ``max_rss_bytes``.
    """
    command = [
        sys.executable,
        script,
        *leading,
        '--worker',
        implementation,
        '--length',
        str(length),
    ]
    for name in (*SHARED_OPTIONS, *forwarded):
        command += ['--' + name.replace('_', '-'), str(getattr(args, name))]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f'{" ".join(command)} failed:\n{result.stderr.strip()}')
    return json.loads(result.stdout.strip().splitlines()[-1])


def run_benchmark(
    args: argparse.Namespace,
    run_worker: Callable[[argparse.Namespace], None],
    check_agreement: Callable[[argparse.Namespace], None],
    print_table: Callable[[argparse.Namespace], None],
) -> None:
    """Entry point of a benchmark script.

    As a worker (``--worker``, started by :func:`measure`): set the threads and measure. As the
    parent: check that the implementations agree, then print the table (which calls
    :func:`measure` per cell).
    """
    if args.worker is not None:
        torch.set_num_threads(args.threads)
        run_worker(args)
        return
    check_agreement(args)
    print_table(args)
