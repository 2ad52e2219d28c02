import json
import subprocess
import sys

from matplotlib.image import imread

from .runner import REPO, run_tool


def write_scalars(path, epochs: int = 3, iters: int = 4) -> None:
    records = []
    for epoch in range(1, epochs + 1):
        for i in range(1, iters + 1):
            step = (epoch - 1) * iters + i
            records.append(dict(loss=2.0 / step, lr=1e-3, epoch=epoch, iter=step, step=step))
        records.append({'frame/mAP': 0.2 * epoch, 'step': epoch})
    path.parent.mkdir(parents=True)
    path.write_text(''.join(json.dumps(record) + '\n' for record in records))


def test_plot_curve_writes_one_panel_per_key(tmp_path):
    first = tmp_path / 'a' / '20240101_000000' / 'vis_data' / 'scalars.json'
    second = tmp_path / 'b' / '20240101_000000' / 'vis_data' / 'scalars.json'
    write_scalars(first)
    write_scalars(second, epochs=2)
    out = tmp_path / 'curves.png'
    command = [sys.executable, 'tools/analysis/analyze_logs.py', 'plot_curve']
    run_tool([*command, str(first), str(second), '--keys', 'loss', 'frame/mAP', '--out', str(out)])
    height, width = imread(out).shape[:2]
    assert (height, width) == (400, 1200)

    missing = subprocess.run(
        [*command, str(first), '--keys', 'det/mAP', '--out', str(tmp_path / 'x.png')],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert missing.returncode != 0 and 'frame/mAP' in missing.stderr
    assert not (tmp_path / 'x.png').exists()
