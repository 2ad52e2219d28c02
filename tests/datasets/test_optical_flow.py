"""TV-L1 optical flow on a small generated video of a moving square."""

import cv2
import numpy as np
import pytest

from dad_plugins.datasets.optical_flow import (
    OpticalFlowUnavailableError,
    create_tvl1,
    scale_flow,
    tvl1_flow,
)
from dad_plugins.datasets.video_reading import read_video
from dad_plugins.testing.videos import write_moving_square_video

pytestmark = pytest.mark.skipif(
    not hasattr(cv2, 'optflow'), reason='opencv-contrib (cv2.optflow) is not installed'
)


def square_frames(tmp_path, speed: int) -> np.ndarray:
    """10 native frames of a 21-px square (rows 21-41) moving ``speed`` px a frame over 64 x 64
    noise, from the centre: it stays inside the frame."""
    path = tmp_path / f'square_{speed}.avi'
    write_moving_square_video(path, 0.4, fps=25, size=(64, 64), speed=speed, seed=1)
    return read_video(path, 0, 64, 64)  # (10, 64, 64, 3)


@pytest.mark.parametrize('speed', [2, -2])
def test_flow_follows_the_square(tmp_path, speed):
    frames = square_frames(tmp_path, speed)
    flow = tvl1_flow(frames)
    assert flow.shape == (10, 64, 64, 2) and flow.dtype == np.float32
    assert np.abs(flow).max() <= 1
    # Where the square moves, horizontal flow is the speed over the bound (20 px).
    rows = flow[:-1, 23:40]
    inside = rows[np.abs(rows[..., 0]) > 0.05]  # (N, 2)
    assert np.sign(np.median(inside[:, 0])) == np.sign(speed)
    assert np.median(inside[:, 0]) == pytest.approx(speed / 20, abs=0.05)
    assert np.abs(np.median(inside[:, 1])) < 0.02  # no vertical motion
    np.testing.assert_array_equal(flow[-1], flow[-2])  # the last frame repeats the one before


def test_flow_is_clipped_to_the_bound_and_scaled():
    pixels = np.array([-35.0, -20.0, -5.0, 0.0, 10.0, 20.0, 40.0])
    np.testing.assert_allclose(scale_flow(pixels), [-1, -1, -0.25, 0, 0.5, 1, 1])


def test_flow_is_deterministic(tmp_path):
    frames = square_frames(tmp_path, 2)
    np.testing.assert_array_equal(tvl1_flow(frames), tvl1_flow(frames))


def test_missing_contrib_module_is_one_line(monkeypatch):
    monkeypatch.delattr(cv2, 'optflow')
    with pytest.raises(OpticalFlowUnavailableError, match='needs opencv-contrib-python') as error:
        create_tvl1()
    assert '\n' not in str(error.value)
