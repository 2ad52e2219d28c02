"""tools/test.py --show-dir draws one picture per test video."""

import sys

from .runner import data_options, run_tool

CONFIG = 'configs/baseline/baseline_synthetic.py'


def test_show_dir_writes_one_png_per_test_video(tiny_data, tmp_path):
    work_dir = tmp_path / 'work'
    options = data_options(tiny_data, 1)
    run_tool([sys.executable, 'tools/train.py', CONFIG, '--work-dir', str(work_dir), *options])
    test_dir = tmp_path / 'test'
    run_tool(
        [
            sys.executable,
            'tools/test.py',
            CONFIG,
            str(work_dir / 'epoch_1.pth'),
            '--work-dir',
            str(test_dir),
            '--show-dir',
            'vis',
            *options,
        ]
    )
    (show_dir,) = test_dir.glob('*/vis')
    pictures = sorted(show_dir.glob('*.png'))
    assert len(pictures) == 12  # the tiny set's test videos
    assert all(picture.stat().st_size > 10_000 for picture in pictures)
