"""Training on every sliding window of every video of a dataset."""

import copy

import numpy as np
from mmengine.dataset import BaseDataset

from dad_plugins.registry import DATASETS
from dad_plugins.structures import check_window, sliding_window_starts
from dad_plugins.utils.input_errors import AnnotationError


@DATASETS.register_module()
class SlidingWindowDataset:
    """Every window of ``window_size`` tokens of every video of ``dataset``, one sample each.

    DualDETR Sec. 4.1 ("crop each video feature sequence into windows of length 256 ... with a
    stride ratio of 0.75"): windows start every ``stride = round(stride_ratio * window_size)``
    tokens. When the last of them stops short of the video's end, one more window ends at the
    video's last token (overlapping the one before), so every token is in a window and every
    window is whole (:func:`~dad_plugins.structures.sliding_window_starts`, the windows of
    sliding-window inference). A video of at most ``window_size`` tokens is one window, the whole
    video (the collate pads it). The windows are the same every epoch, in (video, start) order;
    the sampler shuffles them.

    The wrapped dataset's pipeline crops the window with ``CropTemporalWindow``, which reads
    ``results['window']`` = ``(start, start + window_size)`` in tokens of the video; it takes
    the place of ``RandomTemporalWindow``. Token counts are read from the headers of the
    main-stream feature files (``feat_paths['feats']``).

    Args:
        dataset (dict | BaseDataset): The videos (e.g. a ``DenseFeatureDataset`` config).
        window_size (int): Tokens of a window ``W``.
        stride_ratio (float): Step between window starts as a fraction of ``W``, in ``(0, 1]``.
            Defaults to 0.75 (DualDETR).
        lazy_init (bool): Enumerate the windows on first use instead of at construction.
            Defaults to False.
    """

    def __init__(
        self,
        dataset: dict | BaseDataset,
        window_size: int,
        stride_ratio: float = 0.75,
        lazy_init: bool = False,
    ) -> None:
        if not 0 < stride_ratio <= 1:
            raise ValueError(f'stride_ratio must be in (0, 1], got {stride_ratio}')
        self.window_size = int(window_size)
        self.stride = max(1, round(stride_ratio * self.window_size))
        check_window(self.window_size, self.stride)
        self.dataset = DATASETS.build(dataset) if isinstance(dataset, dict) else dataset
        self.windows: list[tuple[int, int]] = []  # (video index, first token)
        self._fully_initialized = False
        if not lazy_init:
            self.full_init()

    @property
    def metainfo(self) -> dict:
        """The wrapped dataset's meta information (classes, ...)."""
        return copy.deepcopy(self.dataset.metainfo)

    def full_init(self) -> None:
        """Load the wrapped dataset and enumerate the windows of its videos."""
        if self._fully_initialized:
            return
        self.dataset.full_init()
        self.windows = [
            (index, start)
            for index in range(len(self.dataset))
            for start in sliding_window_starts(
                self._num_tokens(self.dataset.get_data_info(index)), self.window_size, self.stride
            )
        ]
        self._fully_initialized = True

    @staticmethod
    def _num_tokens(info: dict) -> int:
        """``T`` of a video: the length of its main stream, read from the file header."""
        path = info['feat_paths']['feats']
        if isinstance(path, np.ndarray):
            return len(path)
        try:
            shape = np.load(path, mmap_mode='r', allow_pickle=False).shape
        except (OSError, ValueError) as error:
            raise AnnotationError(
                path, f'cannot read features ({error})', info['video_id'], 'feats'
            ) from None
        if len(shape) != 2 or shape[0] == 0:
            raise AnnotationError(
                path, f'expected (T, D) features with T > 0, got shape {shape}', info['video_id'],
                'feats',
            )  # fmt: skip
        return shape[0]

    def get_data_info(self, idx: int) -> dict:
        """The video's info with its ``window`` ``(start, stop)`` in tokens."""
        self.full_init()
        index, start = self.windows[idx]
        info = self.dataset.get_data_info(index)
        info['window'] = (start, start + self.window_size)
        return info

    def __getitem__(self, idx: int) -> dict:
        return self.dataset.pipeline(self.get_data_info(idx))

    def __len__(self) -> int:
        self.full_init()
        return len(self.windows)

    def __repr__(self) -> str:
        return (
            f'{self.__class__.__name__}(window_size={self.window_size}, stride={self.stride}, '
            f'{len(self.windows)} windows of {len(self.dataset)} videos)'
        )
