"""Clip-feature extractors over decoded frames: InceptionI3d on RGB or optical flow (whole video or
stitched windows), a HuggingFace CLIP vision model, and any mmaction2 recogniser."""

import math
import sys
from collections import defaultdict

import numpy as np
import torch

from dad_plugins.datasets.video_reading import VideoError
from dad_plugins.models.backbones.inception_i3d import (
    FEATURE_DIMS,
    TEMPORAL_STRIDE,
    InceptionI3d,
    load_i3d_checkpoint,
    num_i3d_tokens,
)

# Token j of InceptionI3d.extract_features depends on frames 8j - 47 ... 8j + 62 (its receptive
# field through the TF-"same" pads): a window reads CONTEXT_BEFORE frames before its first
# token's frame 8j and up to 8j + CONTEXT_AFTER for its last token.
CONTEXT_BEFORE = 48
CONTEXT_AFTER = 64


def plan_windows(num_frames: int, chunk_frames: int) -> list[tuple[int, int, int, int]]:
    """Overlapping windows that together give exactly the tokens of one whole-video pass.

    The tokens ``0 ... ceil(T / 8) - 2`` are split into runs of ``chunk_frames // 8``. A run
    starting at token ``j0`` reads frames from ``8 * j0 - 48`` (0 for the first), so every
    window starts on the 8-frame token grid, and its length is at least ``8 * run + 105`` and
    congruent to ``T`` modulo 8 (the last window ends at ``T``), so that the TF-"same" padding
    of every layer, which depends on the input length, is that of the whole video. Each token is
    then computed from the same frames (``8j - 47 ... 8j + 62``) as in the whole-video pass.

    Args:
        num_frames (int): ``T``, at least 9.
        chunk_frames (int): Frames per window before the context is added.

    Returns:
        list[tuple[int, int, int, int]]: ``(frame_start, frame_end, first_token, num_tokens)``
        per window; ``first_token`` counts from the window's own first token.
    """
    total = num_i3d_tokens(num_frames)
    if num_frames <= chunk_frames:
        return [(0, num_frames, 0, total)]
    run = max(1, chunk_frames // TEMPORAL_STRIDE)
    length = TEMPORAL_STRIDE * run + CONTEXT_BEFORE + CONTEXT_AFTER - TEMPORAL_STRIDE + 1
    length += (num_frames - length) % TEMPORAL_STRIDE  # congruent to T modulo 8
    windows = []
    for token in range(0, total, run):
        start = max(0, TEMPORAL_STRIDE * token - CONTEXT_BEFORE)
        end = min(num_frames, start + length)
        windows.append((start, end, token - start // TEMPORAL_STRIDE, min(run, total - token)))
    return windows


class I3DExtractor:
    """InceptionI3d features of preprocessed frames (RGB, or flow for a 2-channel model), whole
    video or stitched windows.

    Args:
        model (InceptionI3d): The model, in eval mode on ``device``.
        device (str): Torch device.
        chunk_frames (int): Frames per window of a long video. Defaults to 1600.
        batch_size (int): Windows of equal length per forward pass. Defaults to 1.
    """

    def __init__(
        self, model: InceptionI3d, device: str, chunk_frames: int = 1600, batch_size: int = 1
    ) -> None:
        self.model = model
        self.device = device
        self.chunk_frames = chunk_frames
        self.batch_size = batch_size

    @torch.no_grad()
    def __call__(self, frames: np.ndarray) -> np.ndarray:
        """``(T, H, W, C)`` uint8 RGB or float flow -> ``(ceil(T / 8) - 1, 1024)`` float32."""
        if len(frames) <= TEMPORAL_STRIDE:
            raise VideoError(f'{len(frames)} frames after resampling; I3D needs at least 9')
        windows = plan_windows(len(frames), self.chunk_frames)
        feats = np.empty((num_i3d_tokens(len(frames)), FEATURE_DIMS), np.float32)
        by_length = defaultdict(list)
        for window in windows:
            by_length[window[1] - window[0]].append(window)
        for group in by_length.values():
            for i in range(0, len(group), self.batch_size):
                batch = group[i : i + self.batch_size]
                clips = torch.stack([self.to_input(frames[s:e]) for s, e, _, _ in batch])
                out = self.model.extract_features(clips).transpose(1, 2).cpu().numpy()
                for (start, _, first, count), tokens in zip(batch, out):
                    token = start // TEMPORAL_STRIDE + first
                    feats[token : token + count] = tokens[first : first + count]
        return feats

    def to_input(self, frames: np.ndarray) -> torch.Tensor:
        """``(T, H, W, C)`` -> ``(C, T, H, W)`` float in [-1, 1] on the device: uint8 RGB is
        scaled by ``x / 255 * 2 - 1``, float flow (already in [-1, 1]) is kept."""
        x = torch.from_numpy(np.ascontiguousarray(frames)).to(self.device)
        x = x.float() / 255 * 2 - 1 if x.dtype == torch.uint8 else x.float()
        return x.permute(3, 0, 1, 2)


class CLIPExtractor:
    """Image embeddings of a HuggingFace ``CLIPVisionModelWithProjection``, one frame per token.

    Token ``j`` takes frame ``8 j + 4``, the middle frame of the ``j``-th 8-frame clip, for the
    ``ceil(T / 8) - 1`` tokens of the I3D features of the same frames, so the two streams are
    aligned. Frames are normalised with the folder's ``preprocessor_config.json`` mean / std when
    present, else OpenAI CLIP's.

    Args:
        model_dir (str): Local folder of the model (``save_pretrained`` layout).
        device (str): Torch device.
        batch_size (int): Frames per forward pass. Defaults to 64.
    """

    MEAN = (0.48145466, 0.4578275, 0.40821073)
    STD = (0.26862954, 0.26130258, 0.27577711)

    def __init__(self, model_dir: str, device: str, batch_size: int = 64) -> None:
        from transformers import CLIPImageProcessor, CLIPVisionModelWithProjection

        try:
            self.model = CLIPVisionModelWithProjection.from_pretrained(
                model_dir, local_files_only=True
            )
        except (OSError, ValueError) as error:
            message = str(error).splitlines()[0]
            raise SystemExit(
                f'error: cannot load a CLIP vision model from {model_dir}: {message}'
            ) from None
        self.model = self.model.to(device).eval()
        self.image_size = self.model.config.image_size
        try:
            processor = CLIPImageProcessor.from_pretrained(model_dir, local_files_only=True)
            mean, std = processor.image_mean, processor.image_std
        except (OSError, ValueError):
            mean, std = self.MEAN, self.STD
        self.mean = torch.tensor(mean, device=device).view(1, 3, 1, 1)
        self.std = torch.tensor(std, device=device).view(1, 3, 1, 1)
        self.device = device
        self.batch_size = batch_size

    @torch.no_grad()
    def __call__(self, frames: np.ndarray) -> np.ndarray:
        """``(T, S, S, 3)`` uint8 RGB -> ``(ceil(T / 8) - 1, projection_dim)`` float32."""
        if len(frames) <= TEMPORAL_STRIDE:
            raise VideoError(f'{len(frames)} frames after resampling; at least 9 are needed')
        tokens = np.arange(num_i3d_tokens(len(frames)))
        picked = frames[
            np.minimum(tokens * TEMPORAL_STRIDE + TEMPORAL_STRIDE // 2, len(frames) - 1)
        ]
        feats = []
        for start in range(0, len(picked), self.batch_size):
            x = torch.from_numpy(picked[start : start + self.batch_size]).to(self.device)
            x = (x.permute(0, 3, 1, 2).float() / 255 - self.mean) / self.std  # (B, 3, S, S)
            feats.append(self.model(pixel_values=x).image_embeds.float().cpu().numpy())
        return np.concatenate(feats)


class RecognizerExtractor:
    """Backbone features of an mmaction2 recogniser, averaged over every axis but the channels
    (what the usual heads pool before their classifier), one clip per token.

    Token ``j`` covers frames ``stride * j ... stride * (j + 1) - 1`` (``ceil(T / stride)``
    tokens, the label grid of the datasets); its clip has ``clip_len`` frames ``frame_interval``
    apart centred on that span, clamped to the video. A backbone giving several outputs
    (SlowFast's two pathways) has each pooled and concatenated. Frames go through the model's own
    data preprocessor (mean / std, channel order, ``NCTHW`` or ``NCHW`` clips).

    Args:
        config (str): mmaction2 config file.
        checkpoint (str): Its checkpoint.
        device (str): Torch device.
        clip_len (int): Frames per clip. Defaults to 16.
        frame_interval (int): Step between the frames of a clip. Defaults to 1.
        stride (int): Frames per token. Defaults to 8.
        batch_size (int): Clips per forward pass. Defaults to 16.
    """

    def __init__(
        self,
        config: str,
        checkpoint: str,
        device: str,
        clip_len: int = 16,
        frame_interval: int = 1,
        stride: int = 8,
        batch_size: int = 16,
    ) -> None:
        from mmaction.apis import init_recognizer
        from mmengine.registry import DefaultScope

        try:
            # init_recognizer switches the default scope to mmaction: only while building.
            with DefaultScope.overwrite_default_scope('mmaction'):
                self.model = init_recognizer(config, checkpoint, device)
        except (OSError, KeyError, ValueError, TypeError, RuntimeError) as error:
            message = str(error).splitlines()[0] if str(error) else type(error).__name__
            raise SystemExit(f'error: cannot build {config} from {checkpoint}: {message}') from None
        preprocessor = self.model.data_preprocessor
        self.channels_first_time = getattr(preprocessor, 'format_shape', 'NCTHW') != 'NCHW'
        self.bgr = bool(getattr(preprocessor, 'to_rgb', False))  # it swaps BGR input to RGB
        self.device = device
        self.clip_len = clip_len
        self.frame_interval = frame_interval
        self.stride = stride
        self.batch_size = batch_size

    def clip_indices(self, num_frames: int) -> np.ndarray:
        """``(ceil(T / stride), clip_len)`` frame indices of the clips."""
        centres = (np.arange(math.ceil(num_frames / self.stride)) + 0.5) * self.stride
        offsets = (np.arange(self.clip_len) - self.clip_len / 2) * self.frame_interval
        indices = np.floor(centres[:, None] + offsets[None, :]).astype(np.int64)
        return np.clip(indices, 0, num_frames - 1)

    @torch.no_grad()
    def __call__(self, frames: np.ndarray) -> np.ndarray:
        """``(T, H, W, 3)`` uint8 RGB -> ``(ceil(T / stride), C)`` float32."""
        indices = self.clip_indices(len(frames))
        feats = []
        for start in range(0, len(indices), self.batch_size):
            clips = torch.from_numpy(frames[indices[start : start + self.batch_size]])
            clips = clips.to(self.device).float()  # (B, L, H, W, 3)
            clips = clips.flip(-1) if self.bgr else clips
            if self.channels_first_time:
                inputs = [
                    clip.permute(3, 0, 1, 2).unsqueeze(0) for clip in clips
                ]  # (1, 3, L, H, W)
            else:
                inputs = [clip.permute(0, 3, 1, 2) for clip in clips]  # (L, 3, H, W) segments
            data = self.model.data_preprocessor(dict(inputs=inputs, data_samples=None))
            out, _ = self.model.extract_feat(data['inputs'], stage='backbone')
            outs = out if isinstance(out, (tuple, list)) else [out]
            pooled = [
                x.reshape(len(clips), x.shape[0] // len(clips), x.shape[1], -1).mean(dim=(1, 3))
                for x in outs
            ]  # each (B, C_i)
            feats.append(torch.cat(pooled, dim=1).float().cpu().numpy())
        return np.concatenate(feats)


def build_i3d(checkpoint: str | None, device: str, seed: int, in_channels: int = 3) -> InceptionI3d:
    """An InceptionI3d of ``in_channels`` (3: RGB, 2: flow) with the checkpoint's weights, or
    randomly initialised (warned)."""
    if checkpoint is None:
        torch.manual_seed(seed)
        model = InceptionI3d(num_classes=400, in_channels=in_channels)
        print(
            'WARNING: no --checkpoint: I3D is RANDOMLY INITIALISED and its features are '
            'meaningless; use it only to test the pipeline',
            file=sys.stderr,
        )
    else:
        try:
            state = torch.load(checkpoint, map_location='cpu', weights_only=True)
        except Exception as error:  # missing file, not a torch file, pickled objects
            message = str(error).splitlines()[0] if str(error) else type(error).__name__
            raise SystemExit(f'error: cannot read {checkpoint}: {message}') from None
        state = state.get('state_dict', state) if isinstance(state, dict) else state
        try:
            num_classes = state['logits.conv3d.bias'].shape[0]
            found = state['Conv3d_1a_7x7.conv3d.weight'].shape[1]
        except (KeyError, TypeError, AttributeError):
            raise SystemExit(f'error: {checkpoint} is not a pytorch-i3d checkpoint') from None
        if found != in_channels:
            kind, backbone = ('flow', 'i3d-flow') if found == 2 else ('RGB', 'i3d')
            raise SystemExit(
                f'error: {checkpoint} takes {kind} input ({found} channels); extract with '
                f'the {backbone} backbone'
            )
        model = InceptionI3d(num_classes=num_classes, in_channels=in_channels)
        try:
            load_i3d_checkpoint(model, checkpoint)
        except RuntimeError as error:
            raise SystemExit(f'error: {checkpoint} does not fit InceptionI3d: {error}') from None
    return model.to(device).eval()
