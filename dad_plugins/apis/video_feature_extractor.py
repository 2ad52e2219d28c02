"""Clip features of video files: decoding and one backbone, as extract_features.py runs them."""

import inspect
from pathlib import Path

import numpy as np
from mmengine.config import Config

from dad_plugins.datasets.optical_flow import (
    OpticalFlowUnavailableError,
    create_tvl1,
    tvl1_flow,
)
from dad_plugins.datasets.video_reading import read_video
from dad_plugins.models.backbones.inception_i3d import TEMPORAL_STRIDE

from .feature_extractors import CLIPExtractor, I3DExtractor, RecognizerExtractor, build_i3d

BACKBONES = ('i3d', 'i3d-flow', 'clip', 'recognizer')


class ExtractorConfigError(ValueError):
    """Extractor settings that cannot work: an unknown backbone or key, a missing checkpoint."""


class VideoFeatureExtractor:
    """``(T, D)`` float32 clip features of a video file.

    The frames are decoded and resampled to ``fps``, resized and centre-cropped
    (:func:`~dad_plugins.datasets.video_reading.read_video`), then go through one backbone; the
    recipes are those of docs/feature_extraction.md. ``tools/data/extract_features.py`` and the
    inferencer's video inputs both run this class, so they give the same features.

    An extractor config (``tools/infer.py --extractor``) is a Python file whose ``extractor``
    dict holds these arguments (all but ``device``), e.g.
    ``extractor = dict(backbone='i3d', checkpoint='checkpoints/rgb_charades.pt')``.

    Args:
        backbone (str): ``'i3d'`` (InceptionI3d RGB, 1024-d, ``ceil(T / 8) - 1`` tokens),
            ``'i3d-flow'`` (InceptionI3d with 2 input channels on TV-L1 flow clipped to
            [-20, 20] px and scaled to [-1, 1], the same tokens), ``'clip'`` (a local
            HuggingFace CLIP vision model on frame ``8 j + 4``, the same tokens) or
            ``'recognizer'`` (an mmaction2 recogniser's pooled backbone output,
            ``ceil(T / stride)`` tokens). Defaults to ``'i3d'``.
        checkpoint (str, optional): i3d, i3d-flow: a pytorch-i3d RGB / flow checkpoint, None
            for a random initialisation (testing only); clip: the model folder; recognizer:
            its checkpoint.
        config (str, optional): recognizer: the mmaction2 config file.
        device (str): Torch device. Defaults to ``'cpu'``.
        fps (float): Frames per second fed to the model, 0 for the native frames. Defaults to 24.
        crop_size (int, optional): Centre crop. Defaults to 224 (i3d, recognizer) or the CLIP
            model's image size.
        short_side (int, optional): Resize the short side to this; by default i3d upscales it
            only when below ``crop_size + 2``, clip resizes it to the crop size, recognizer to 256.
        chunk_frames (int): i3d: frames per window of a long video. Defaults to 1600.
        batch_size (int, optional): i3d windows (1), clip frames (64) or recogniser clips (16)
            per forward pass.
        clip_len (int): recognizer: frames per clip. Defaults to 16.
        frame_interval (int): recognizer: step between the frames of a clip. Defaults to 1.
        stride (int): recognizer: frames per token. Defaults to 8.
        seed (int): Seed of the random initialisation of i3d. Defaults to 0.
    """

    def __init__(
        self,
        backbone: str = 'i3d',
        checkpoint: str | None = None,
        config: str | None = None,
        device: str = 'cpu',
        fps: float = 24.0,
        crop_size: int | None = None,
        short_side: int | None = None,
        chunk_frames: int = 1600,
        batch_size: int | None = None,
        clip_len: int = 16,
        frame_interval: int = 1,
        stride: int = 8,
        seed: int = 0,
    ) -> None:
        if backbone not in BACKBONES:
            raise ExtractorConfigError(
                f'backbone must be one of {", ".join(BACKBONES)}, got {backbone!r}'
            )
        if backbone == 'clip' and checkpoint is None:
            raise ExtractorConfigError(
                'the clip backbone needs a checkpoint, a local CLIP model folder'
            )
        if backbone == 'recognizer' and (config is None or checkpoint is None):
            raise ExtractorConfigError('the recognizer backbone needs a config and a checkpoint')
        if fps < 0:
            raise ExtractorConfigError(f'fps must be 0 (native) or positive, got {fps}')
        self.backbone = backbone
        self.fps = fps
        self.flow = backbone == 'i3d-flow'
        if self.flow:
            try:
                create_tvl1()
            except OpticalFlowUnavailableError as error:
                raise ExtractorConfigError(str(error)) from None
        self.frames_per_token = stride if backbone == 'recognizer' else TEMPORAL_STRIDE
        if backbone == 'clip':
            self.extractor = CLIPExtractor(checkpoint, device, batch_size or 64)
            self.crop_size = crop_size or self.extractor.image_size
            self.short_side = short_side or self.crop_size
        elif backbone == 'recognizer':
            self.extractor = RecognizerExtractor(
                config, checkpoint, device, clip_len, frame_interval, stride, batch_size or 16
            )
            self.crop_size, self.short_side = crop_size or 224, short_side or 256
        else:
            model = build_i3d(checkpoint, device, seed, in_channels=2 if self.flow else 3)
            self.extractor = I3DExtractor(model, device, chunk_frames, batch_size or 1)
            self.crop_size, self.short_side = crop_size or 224, short_side

    @classmethod
    def from_config(
        cls, config: str | Path | Config | dict, device: str = 'cpu'
    ) -> 'VideoFeatureExtractor':
        """Build from an extractor config (file or loaded; its ``extractor`` dict) or a dict.

        Raises:
            ExtractorConfigError: The config has no ``extractor`` dict, or settings that cannot
                work (unknown keys, a backbone without its checkpoint).
        """
        if isinstance(config, str | Path):
            config = Config.fromfile(str(config))
        if isinstance(config, Config):
            name, config = config.filename, config.get('extractor')
            if not isinstance(config, dict):
                raise ExtractorConfigError(f'{name}: an extractor config needs an `extractor` dict')
        settings = dict(config)
        known = set(inspect.signature(cls).parameters) - {'device'}
        unknown = sorted(set(settings) - known)
        if unknown:
            raise ExtractorConfigError(
                f'unknown extractor settings {", ".join(unknown)}; known: '
                f'{", ".join(sorted(known))}'
            )
        return cls(**settings, device=device)

    @property
    def token_rate(self) -> float | None:
        """Tokens per second, ``fps / frames_per_token``; None for native frames (``fps=0``),
        whose rate depends on each video."""
        return self.fps / self.frames_per_token if self.fps else None

    def __call__(self, path: str | Path) -> np.ndarray:
        """Features of the video file ``path``: ``(T, D)`` float32.

        Raises:
            VideoError: The video cannot be opened or decoded, or is too short.
        """
        frames = read_video(Path(path), self.fps, self.crop_size, self.short_side)
        return self.extractor(tvl1_flow(frames) if self.flow else frames)
