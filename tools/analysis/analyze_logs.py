"""Plot loss and metric curves from the scalar logs of mmengine (``vis_data/scalars.json``).

Usage: python tools/analysis/analyze_logs.py plot_curve WORK_DIR/TIMESTAMP/vis_data/scalars.json
       [more.json ...] --keys loss frame/mAP [--legend a b] [--title T] --out curves.png

Each key gets its own panel. Training keys (those logged with ``iter``) are drawn against the
iteration, validation keys against the ``step`` they were logged at (the epoch for epoch-based
training). Several logs are drawn on the same panels, one line each.
"""

import argparse
import io
import json
import sys
from pathlib import Path

import matplotlib

matplotlib.use('Agg')
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from dad_plugins.utils.atomic_write import write_atomic  # noqa: E402


def read_scalars(path: str) -> list[dict]:
    """The records of one JSON-lines scalar log."""
    lines = Path(path).read_text().splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def curve(records: list[dict], key: str) -> tuple[list[float], list[float], str]:
    """The x values, y values and x-axis name of ``key`` in ``records``."""
    found = [r for r in records if key in r]
    if not found:
        return [], [], ''
    if all('iter' in r for r in found):  # logged during training
        return [r['iter'] for r in found], [r[key] for r in found], 'iteration'
    by_epoch = any('epoch' in r for r in records)
    return [r['step'] for r in found], [r[key] for r in found], 'epoch' if by_epoch else 'iteration'


def plot_curve(args: argparse.Namespace) -> None:
    logs = [read_scalars(path) for path in args.json_logs]
    legend = args.legend or [_run_name(path) for path in args.json_logs]
    if len(legend) != len(logs):
        sys.exit(f'--legend has {len(legend)} names for {len(logs)} logs')
    missing = [key for key in args.keys if not any(key in r for log in logs for r in log)]
    if missing:
        available = sorted({k for log in logs for r in log for k in r} - {'epoch', 'iter', 'step'})
        sys.exit(f'no record has {", ".join(missing)}; the logs have: {", ".join(available)}')
    figure = Figure(figsize=(6 * len(args.keys), 4), dpi=100, layout='constrained')
    for index, key in enumerate(args.keys):
        axes = figure.add_subplot(1, len(args.keys), index + 1)
        for name, log in zip(legend, logs):
            xs, ys, x_name = curve(log, key)
            if xs:
                axes.plot(xs, ys, marker='o' if len(xs) < 30 else None, markersize=3, label=name)
                axes.set_xlabel(x_name)
                axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        axes.set_title(key)
        axes.grid(color='#dddddd', linewidth=0.6)
        if len(logs) > 1:
            axes.legend(fontsize=8)
    if args.title:
        figure.suptitle(args.title)
    buffer = io.BytesIO()
    figure.savefig(buffer, format='png')
    write_atomic(args.out, buffer.getvalue())
    print(f'wrote {args.out}')


def _run_name(path: str) -> str:
    """``WORK_DIR/TIMESTAMP/vis_data/scalars.json`` -> ``WORK_DIR/TIMESTAMP``'s last two names."""
    parts = Path(path).resolve().parts
    return '/'.join(parts[-5:-3]) if len(parts) >= 5 else path


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description='Analyse the scalar logs of training runs')
    commands = parser.add_subparsers(dest='command', required=True)
    plot = commands.add_parser('plot_curve', help='plot curves of logged keys')
    plot.add_argument('json_logs', nargs='+', help='vis_data/scalars.json files')
    plot.add_argument('--keys', nargs='+', default=['loss'], help='keys to plot, one panel each')
    plot.add_argument('--legend', nargs='+', help='one name per log (default: its work dir)')
    plot.add_argument('--title', help='figure title')
    plot.add_argument('--out', required=True, help='PNG file to write')
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    if args.command == 'plot_curve':
        plot_curve(args)


if __name__ == '__main__':
    main()
