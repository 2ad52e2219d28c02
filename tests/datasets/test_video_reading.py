"""Decoding, resampling, resizing and cropping videos for feature extraction."""

import builtins

import numpy as np
import pytest

from dad_plugins.datasets.video_reading import (
    VideoError,
    preprocess,
    read_video,
    sample_indices,
)
from dad_plugins.testing.videos import write_moving_square_video


@pytest.fixture(scope='module')
def video(tmp_path_factory):
    """2 s at 25 fps, 64 x 48."""
    path = tmp_path_factory.mktemp('videos') / 'square.avi'
    write_moving_square_video(path, 2.0, fps=25, size=(64, 48))
    return path


def test_sample_indices():
    np.testing.assert_array_equal(sample_indices(5, 25, 0), np.arange(5))
    down = sample_indices(50, 25, 24)  # 2 s at 25 fps -> 48 frames
    assert len(down) == 48 and down[0] == 0 and down[-1] == 48
    np.testing.assert_array_equal(sample_indices(3, 12, 24), [0, 0, 1, 1, 2, 2])


def test_preprocess_upscales_only_small_frames():
    small = np.zeros((120, 160, 3), np.uint8)
    small[60:, :] = 255  # bottom half white
    crop = preprocess(small, 224, None)  # 120 -> 226 short side, then crop
    assert crop.shape == (224, 224, 3)
    assert crop[0].max() == 0 and crop[-1].min() == 255
    big = np.arange(300 * 400 * 3, dtype=np.int64).reshape(300, 400, 3).astype(np.uint8)
    crop = preprocess(big, 224, None)
    np.testing.assert_array_equal(crop, big[38:262, 88:312])  # round((300 - 224) / 2) = 38
    assert preprocess(big, 224, 256).shape == (224, 224, 3)


@pytest.mark.parametrize('fps,frames', [(24, 48), (0, 50), (12.5, 25)])
def test_frame_count_follows_duration_and_fps(video, fps, frames):
    out = read_video(video, fps, 32)
    assert out.shape == (frames, 32, 32, 3) and out.dtype == np.uint8


def test_reading_twice_gives_the_same_frames(video):
    np.testing.assert_array_equal(read_video(video, 24, 32), read_video(video, 24, 32))


def test_opencv_fallback_gives_the_frames_decord_gives(video, monkeypatch):
    pytest.importorskip('decord')
    with_decord = read_video(video, 24, 32, 48)
    real_import = builtins.__import__

    def no_decord(name, *args, **kwargs):
        if name == 'decord':
            raise ImportError('decord hidden')
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, '__import__', no_decord)
    with_opencv = read_video(video, 24, 32, 48)
    assert with_opencv.shape == with_decord.shape
    # Both decode the same MJPG frames; their JPEG decoders may differ by a grey level or two.
    assert np.abs(with_opencv.astype(int) - with_decord.astype(int)).mean() < 2


def test_corrupt_or_missing_video_is_a_video_error(tmp_path):
    broken = tmp_path / 'broken.avi'
    broken.write_bytes(np.random.default_rng(0).bytes(5000))
    with pytest.raises(VideoError, match='cannot'):
        read_video(broken, 24, 32)
    with pytest.raises(VideoError, match='cannot'):
        read_video(tmp_path / 'missing.avi', 24, 32)
