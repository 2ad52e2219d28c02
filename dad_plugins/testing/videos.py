"""Small generated videos: a bright square moving over dark noise."""

from pathlib import Path

import cv2
import numpy as np


def write_moving_square_video(
    path: str | Path,
    seconds: float,
    fps: float = 25.0,
    size: tuple[int, int] = (64, 48),
    speed: int = 1,
    seed: int = 0,
) -> int:
    """Write an MJPG video of a white square moving right over dark random noise.

    The square's side is a third of the short side; it starts centred and its left edge moves
    ``speed`` pixels a frame (``speed`` < 0: to the left), wrapping around at the borders.

    Args:
        path (str | Path): The output file (``.avi``).
        seconds (float): Duration.
        fps (float): Frame rate. Defaults to 25.
        size (tuple[int, int]): ``(width, height)``. Defaults to ``(64, 48)``.
        speed (int): Pixels per frame. Defaults to 1.
        seed (int): Seed of the noise. Defaults to 0.

    Returns:
        int: The number of frames written.
    """
    width, height = size
    side = min(size) // 3
    rng = np.random.default_rng(seed)
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*'MJPG'), fps, size)
    if not writer.isOpened():
        raise OSError(f'{path}: OpenCV cannot write an MJPG video here')
    num_frames = round(seconds * fps)
    for index in range(num_frames):
        frame = rng.integers(0, 64, (height, width, 3), dtype=np.uint8)
        left = ((width - side) // 2 + speed * index) % (width - side)
        frame[side : 2 * side, left : left + side] = 255
        writer.write(frame)
    writer.release()
    return num_frames
