"""Extract clip features from raw videos: one ``(T, D)`` float32 ``.npy`` per video.

The I3D recipe is pytorch-i3d's Charades one (docs/feature_extraction.md): frames resampled to
``--fps`` (24), RGB scaled to [-1, 1], the short side upscaled to 226 only when smaller, a 224
centre crop, the whole video through InceptionI3d up to Mixed_5c + avg_pool, one token per 8
frames (``ceil(T / 8) - 1`` tokens, D = 1024). Long videos run in overlapping windows whose
tokens are stitched so that the result equals one whole-video pass. ``--backbone clip`` embeds
the middle frame of every 8-frame clip with a local HuggingFace CLIP vision model instead, giving
the same tokens (RefDense's entity stream).

Examples::

    python tools/data/extract_features.py videos/ data/charades/features \\
        --checkpoint checkpoints/rgb_charades.pt
    python tools/data/extract_features.py video_list.txt out/ --device cuda:0
    python tools/data/extract_features.py videos/ data/charades/entity_features \\
        --backbone clip --checkpoint checkpoints/clip-vit-base-patch32
"""

import argparse
import math
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import torch
from tqdm import tqdm

from dad_plugins.models.backbones.inception_i3d import (
    FEATURE_DIMS,
    TEMPORAL_STRIDE,
    InceptionI3d,
    load_i3d_checkpoint,
    num_i3d_tokens,
)
from dad_plugins.utils.atomic_write import npy_bytes, write_atomic

VIDEO_EXTENSIONS = ('.mp4', '.avi', '.mkv', '.webm', '.mov', '.m4v', '.mpg', '.mpeg', '.wmv')
LIST_EXTENSIONS = ('.txt', '.lst', '.list')
# Token j of InceptionI3d.extract_features depends on frames 8j - 47 ... 8j + 62 (its receptive
# field through the TF-"same" pads): a window reads CONTEXT_BEFORE frames before its first
# token's frame 8j and up to 8j + CONTEXT_AFTER for its last token.
CONTEXT_BEFORE = 48
CONTEXT_AFTER = 64


class VideoError(Exception):
    """A video that cannot be read or is too short."""


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('input', help='a video file, a folder of videos, or a list file (.txt)')
    parser.add_argument('out_dir', help='folder of the {video_id}.npy files')
    parser.add_argument(
        '--backbone',
        choices=('i3d', 'clip', 'recognizer'),
        default='i3d',
        help='i3d: InceptionI3d, 1024-d, one token per 8 frames; clip: a HuggingFace '
        'CLIPVisionModelWithProjection on one frame per 8, aligned to the I3D tokens; '
        'recognizer: an mmaction2 recogniser (--config), its backbone output pooled, one clip '
        'per --stride frames',
    )
    parser.add_argument('--config', help='recognizer: the mmaction2 config file')
    parser.add_argument(
        '--checkpoint',
        help='i3d: local pytorch-i3d RGB checkpoint (rgb_charades.pt, rgb_imagenet.pt), without '
        'it the model is randomly initialised, for testing only; clip: a local model folder; '
        'recognizer: the mmaction2 checkpoint',
    )
    parser.add_argument(
        '--clip-len', type=int, default=16, help='recognizer: frames per clip (default 16)'
    )
    parser.add_argument(
        '--frame-interval', type=int, default=1, help='recognizer: step between clip frames'
    )
    parser.add_argument(
        '--stride', type=int, default=8, help='recognizer: frames per token (default 8)'
    )
    parser.add_argument(
        '--fps', type=float, default=24.0, help='frames per second fed to the model; 0 keeps the '
        'native frames (default 24, the Charades recipe)',
    )  # fmt: skip
    parser.add_argument(
        '--crop-size',
        type=int,
        help="centre crop (i3d, recognizer: 224; clip: the model's image size)",
    )
    parser.add_argument(
        '--short-side',
        type=int,
        help='resize the short side to this size; by default i3d only upscales it, to crop size '
        '+ 2, when smaller (pytorch-i3d), clip resizes it to the crop size, recognizer to 256',
    )
    parser.add_argument(
        '--chunk-frames', type=int, default=1600, help='frames per window of a long video '
        '(each reads 105 to 112 more frames of context; default 1600)',
    )  # fmt: skip
    parser.add_argument(
        '--batch-size',
        type=int,
        help='i3d: windows of a long video per forward pass (default 1); clip: frames (64); '
        'recognizer: clips (16)',
    )
    parser.add_argument(
        '--device', default='cuda' if torch.cuda.is_available() else 'cpu', help='torch device'
    )
    parser.add_argument('--seed', type=int, default=0, help='seed of the random initialisation')
    parser.add_argument(
        '--extensions', nargs='+', default=list(VIDEO_EXTENSIONS), help='video files of a folder'
    )
    args = parser.parse_args(argv)
    if args.backbone == 'clip' and args.checkpoint is None:
        parser.error('--backbone clip needs --checkpoint, a local CLIP model folder')
    if args.backbone == 'recognizer' and (args.config is None or args.checkpoint is None):
        parser.error('--backbone recognizer needs --config and --checkpoint')
    for name in (
        'crop_size', 'short_side', 'chunk_frames', 'batch_size', 'clip_len', 'frame_interval',
        'stride',
    ):  # fmt: skip
        if getattr(args, name) is not None and getattr(args, name) < 1:
            parser.error(f'--{name.replace("_", "-")} must be positive')
    if args.fps < 0:
        parser.error('--fps must be 0 (native) or positive')
    return args


def collect_videos(source: str | Path, extensions: tuple[str, ...] | list[str]) -> list[Path]:
    """The videos of a file, a folder (sorted, not recursive) or a list file.

    A list file has one path per line (blank lines and lines starting with ``#`` skipped);
    relative paths are relative to the list file's folder.

    Raises:
        SystemExit: The input does not exist, or two videos share a video id (file stem).
    """
    source = Path(source)
    if source.is_dir():
        suffixes = {ext.lower() if ext.startswith('.') else f'.{ext.lower()}' for ext in extensions}
        videos = sorted(p for p in source.iterdir() if p.suffix.lower() in suffixes)
    elif source.suffix.lower() in LIST_EXTENSIONS and source.is_file():
        lines = [line.strip() for line in source.read_text().splitlines()]
        videos = [source.parent / line for line in lines if line and not line.startswith('#')]
    elif source.is_file():
        videos = [source]
    else:
        raise SystemExit(f'error: {source} does not exist')
    seen: dict[str, Path] = {}
    for video in videos:
        if video.stem in seen:
            raise SystemExit(
                f'error: {seen[video.stem]} and {video} have the same video id {video.stem!r}'
            )
        seen[video.stem] = video
    return videos


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
    """InceptionI3d features of preprocessed frames, whole video or stitched windows.

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
        """``(T, H, W, 3)`` uint8 RGB -> ``(ceil(T / 8) - 1, 1024)`` float32."""
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
        """``(T, H, W, 3)`` uint8 -> ``(3, T, H, W)`` float in [-1, 1] on the device."""
        x = torch.from_numpy(np.ascontiguousarray(frames)).to(self.device)
        return (x.float() / 255 * 2 - 1).permute(3, 0, 1, 2)


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


def build_i3d(checkpoint: str | None, device: str, seed: int) -> InceptionI3d:
    """An RGB InceptionI3d with the checkpoint's weights, or randomly initialised (warned)."""
    if checkpoint is None:
        torch.manual_seed(seed)
        model = InceptionI3d(num_classes=400)
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
            in_channels = state['Conv3d_1a_7x7.conv3d.weight'].shape[1]
        except (KeyError, TypeError, AttributeError):
            raise SystemExit(f'error: {checkpoint} is not a pytorch-i3d checkpoint') from None
        if in_channels != 3:
            raise SystemExit(
                f'error: {checkpoint} is a {in_channels}-channel (flow) model; this tool '
                'computes RGB input only (no TV-L1 flow)'
            )
        model = InceptionI3d(num_classes=num_classes)
        try:
            load_i3d_checkpoint(model, checkpoint)
        except RuntimeError as error:
            raise SystemExit(f'error: {checkpoint} does not fit InceptionI3d: {error}') from None
    return model.to(device).eval()


def main(argv: list[str] | None = None) -> int:
    """Run the tool; the exit code: 0, or 1 when a video failed."""
    args = parse_args(argv)
    videos = collect_videos(args.input, args.extensions)
    out_dir = Path(args.out_dir)
    if args.backbone == 'clip':
        extractor = CLIPExtractor(args.checkpoint, args.device, args.batch_size or 64)
        crop_size = args.crop_size or extractor.image_size
        short_side = args.short_side or crop_size
    elif args.backbone == 'recognizer':
        extractor = RecognizerExtractor(
            args.config,
            args.checkpoint,
            args.device,
            args.clip_len,
            args.frame_interval,
            args.stride,
            args.batch_size or 16,
        )
        crop_size = args.crop_size or 224
        short_side = args.short_side or 256
    else:
        extractor = I3DExtractor(
            build_i3d(args.checkpoint, args.device, args.seed),
            args.device,
            args.chunk_frames,
            args.batch_size or 1,
        )
        crop_size, short_side = args.crop_size or 224, args.short_side
    written, skipped, failed, tokens = 0, 0, [], 0
    start_time = time.perf_counter()
    with tqdm(videos, unit='video', dynamic_ncols=True, file=sys.stderr) as progress:
        for video in progress:
            out = out_dir / f'{video.stem}.npy'
            if out.exists():
                skipped += 1
                continue
            try:
                frames = read_video(video, args.fps, crop_size, short_side)
                feats = extractor(frames)
                write_atomic(out, npy_bytes(feats))
            except (VideoError, OSError, RuntimeError, ValueError, MemoryError) as error:
                reason = str(error).splitlines()[0] if str(error) else type(error).__name__
                tqdm.write(f'failed: {video}: {reason}')
                failed.append(video)
                continue
            written += 1
            tokens += len(feats)
            progress.set_postfix(tokens=tokens)
    seconds = time.perf_counter() - start_time
    print(
        f'{written} written, {skipped} skipped (already extracted), {len(failed)} failed, '
        f'into {out_dir}; {tokens} tokens in {seconds:.1f} s'
    )
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
