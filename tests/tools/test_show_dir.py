"""tools/test.py --show-dir draws one picture per test video."""

from .runner import data_options, run_test

CONFIG = 'configs/baseline/baseline_synthetic.py'


def test_show_dir_writes_one_png_per_test_video(trained, tiny_data, tmp_path):
    checkpoint, test_dir = trained(CONFIG) / 'epoch_1.pth', tmp_path / 'test'
    run_test(CONFIG, checkpoint, test_dir, ['--show-dir', 'vis', *data_options(tiny_data, 1)])
    (show_dir,) = test_dir.glob('*/vis')
    pictures = sorted(show_dir.glob('*.png'))
    assert len(pictures) == 12  # the tiny set's test videos
    assert all(picture.stat().st_size > 10_000 for picture in pictures)
