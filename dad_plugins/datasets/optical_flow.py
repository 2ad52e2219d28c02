"""TV-L1 optical flow of decoded frames, as the two-stream I3D recipe feeds its flow stream."""

import cv2
import numpy as np

#: Flow in pixels per frame is clipped to [-FLOW_BOUND, FLOW_BOUND], then scaled to [-1, 1]
#: (the Kinetics I3D preprocessing).
FLOW_BOUND = 20.0


class OpticalFlowUnavailableError(RuntimeError):
    """The installed OpenCV has no TV-L1 optical flow (``cv2.optflow`` of opencv-contrib)."""


def create_tvl1():
    """OpenCV's Dual TV-L1 optical flow with its default settings.

    Raises:
        OpticalFlowUnavailableError: ``cv2.optflow`` is missing (opencv-python without
            opencv-contrib-python, or a headless build).
    """
    create = getattr(getattr(cv2, 'optflow', None), 'DualTVL1OpticalFlow_create', None)
    if create is None:
        raise OpticalFlowUnavailableError(
            f'TV-L1 optical flow needs opencv-contrib-python (cv2.optflow), which OpenCV '
            f'{cv2.__version__} here lacks: pip install opencv-contrib-python=={cv2.__version__}'
        )
    return create()


def scale_flow(flow: np.ndarray, bound: float = FLOW_BOUND) -> np.ndarray:
    """Clip flow in pixels to ``[-bound, bound]`` and divide by ``bound``: float32 in [-1, 1]."""
    return (np.clip(flow, -bound, bound) / bound).astype(np.float32)


def tvl1_flow(frames: np.ndarray, bound: float = FLOW_BOUND) -> np.ndarray:
    """TV-L1 flow between consecutive frames, clipped and scaled to [-1, 1].

    Frame ``t``'s flow goes from frame ``t`` to ``t + 1`` on the grayscale frames; the last frame
    repeats the flow before it, so that ``T`` frames give ``T`` flow frames and the flow
    stream's I3D tokens are those of the RGB stream. Channel 0 is the horizontal component
    (positive: motion to the right), channel 1 the vertical one (positive: downwards).

    Args:
        frames (ndarray): ``(T, H, W, 3)`` uint8 RGB, ``T >= 2``.
        bound (float): Clipping bound in pixels. Defaults to :data:`FLOW_BOUND` (20).

    Returns:
        ndarray: ``(T, H, W, 2)`` float32 in [-1, 1].
    """
    if len(frames) < 2:
        raise ValueError(f'optical flow needs at least 2 frames, got {len(frames)}')
    tvl1 = create_tvl1()
    gray = [cv2.cvtColor(frame, cv2.COLOR_RGB2GRAY) for frame in frames]
    flow = np.empty((len(frames), *gray[0].shape, 2), np.float32)
    for t in range(len(frames) - 1):
        flow[t] = scale_flow(tvl1.calc(gray[t], gray[t + 1], None), bound)
    flow[-1] = flow[-2]
    return flow
