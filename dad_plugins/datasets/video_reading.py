"""Reading videos for feature extraction: decode, resample to a frame rate, resize and crop."""

import math
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np

#: File endings of videos in a folder (``extract_features.py``, the inferencer's video inputs).
VIDEO_EXTENSIONS = ('.mp4', '.avi', '.mkv', '.webm', '.mov', '.m4v', '.mpg', '.mpeg', '.wmv')


class VideoError(Exception):
    """A video that cannot be read or is too short."""


def sample_indices(num_frames: int, native_fps: float, fps: float) -> np.ndarray:
    """Source frame of every output frame when ``num_frames`` at ``native_fps`` are resampled
    to ``fps`` (0: all frames): output frame ``k`` at ``k / fps`` s takes the frame shown then,
    ``floor(k * native_fps / fps)``."""
    if fps == 0 or num_frames == 0:
        return np.arange(num_frames)
    step = native_fps / fps
    count = math.ceil(num_frames / step - 1e-9)
    return np.minimum(np.floor(np.arange(count) * step + 1e-9).astype(np.int64), num_frames - 1)


def preprocess(frame: np.ndarray, crop_size: int, short_side: int | None) -> np.ndarray:
    """Resize and centre-crop one ``(H, W, 3)`` uint8 frame to ``(crop, crop, 3)`` uint8.

    Without ``short_side`` the frame is upscaled (bilinear, both sides by one factor) only when
    its short side is below ``crop_size + 2``, to ``crop_size + 2``, as pytorch-i3d's Charades
    loader does (226 for 224). The crop starts at ``round((H - crop) / 2)``.
    """
    height, width = frame.shape[:2]
    target = short_side if short_side is not None else max(min(height, width), crop_size + 2)
    if target != min(height, width):
        scale = target / min(height, width)
        size = (max(crop_size, round(width * scale)), max(crop_size, round(height * scale)))
        frame = cv2.resize(frame, size, interpolation=cv2.INTER_LINEAR)
        height, width = frame.shape[:2]
    top = int(np.round((height - crop_size) / 2))
    left = int(np.round((width - crop_size) / 2))
    # A copy, so that the decoded full-size frame is freed.
    return np.ascontiguousarray(frame[top : top + crop_size, left : left + crop_size])


def decode_decord(path: Path, fps: float) -> Iterator[np.ndarray]:
    """RGB frames of ``path`` resampled to ``fps``, decoded with decord."""
    import decord

    try:
        reader = decord.VideoReader(str(path), ctx=decord.cpu(0))
    except Exception as error:  # decord raises its own DECORDError, or RuntimeError
        raise VideoError(f'cannot open ({str(error).splitlines()[0]})') from None
    native_fps = reader.get_avg_fps()
    if fps and not native_fps > 0:
        raise VideoError('unknown frame rate; pass --fps 0 to keep every frame')
    indices = sample_indices(len(reader), native_fps, fps)
    for start in range(0, len(indices), 64):
        yield from reader.get_batch(indices[start : start + 64].tolist()).asnumpy()


def decode_opencv(path: Path, fps: float) -> Iterator[np.ndarray]:
    """RGB frames of ``path`` resampled to ``fps``, decoded in order with OpenCV."""
    capture = cv2.VideoCapture(str(path))
    if not capture.isOpened():
        raise VideoError('cannot open')
    try:
        native_fps = capture.get(cv2.CAP_PROP_FPS)
        if fps and not native_fps > 0:
            raise VideoError('unknown frame rate; pass --fps 0 to keep every frame')
        step = native_fps / fps if fps else 1.0
        index, next_output = 0, 0
        while True:
            ok, frame = capture.read()
            if not ok:
                break
            # Output frame k shows source frame floor(k * step) (several k when upsampling).
            while math.floor(next_output * step + 1e-9) == index:
                yield cv2.cvtColor(frame, cv2.COLOR_BGR2RGB)
                next_output += 1
            index += 1
    finally:
        capture.release()


def read_video(path: Path, fps: float, crop_size: int, short_side: int | None = None) -> np.ndarray:
    """Decode, resample, resize and crop a video.

    Uses decord when it imports, else OpenCV.

    Returns:
        ndarray: ``(T, crop, crop, 3)`` uint8 RGB frames.

    Raises:
        VideoError: The video cannot be opened or has no frame.
    """
    try:
        import decord  # noqa: F401

        frames = decode_decord(path, fps)
    except ImportError:
        frames = decode_opencv(path, fps)
    try:
        crops = [preprocess(frame, crop_size, short_side) for frame in frames]
    except cv2.error as error:
        raise VideoError(f'cannot decode ({str(error).splitlines()[0]})') from None
    if not crops:
        raise VideoError('no frame could be decoded')
    return np.stack(crops)
