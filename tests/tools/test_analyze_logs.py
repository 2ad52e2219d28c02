import json

from matplotlib.image import imread

from .runner import run_tool_in_process


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
    script, command = 'tools/analysis/analyze_logs.py', ['plot_curve', str(first)]
    args = [*command, str(second), '--keys', 'loss', 'frame/mAP', '--out', str(out)]
    assert run_tool_in_process(script, args).returncode == 0
    height, width = imread(out).shape[:2]
    assert (height, width) == (400, 1200)

    args = [*command, '--keys', 'det/mAP', '--out', str(tmp_path / 'x.png')]
    missing = run_tool_in_process(script, args)
    assert missing.returncode != 0 and 'frame/mAP' in missing.stderr
    assert not (tmp_path / 'x.png').exists()
