"""Extract clip features from raw videos: one ``(T, D)`` float32 ``.npy`` per video.

The I3D recipe is pytorch-i3d's Charades one (docs/feature_extraction.md): frames resampled to
``--fps`` (24), RGB scaled to [-1, 1], the short side upscaled to 226 only when smaller, a 224
centre crop, the whole video through InceptionI3d up to Mixed_5c + avg_pool, one token per 8
frames (``ceil(T / 8) - 1`` tokens, D = 1024). Long videos run in overlapping windows whose
tokens are stitched so that the result equals one whole-video pass. ``--backbone clip`` embeds
the middle frame of every 8-frame clip with a local HuggingFace CLIP vision model instead, giving
the same tokens (RefDense's entity stream). ``--backbone i3d-flow`` runs a 2-channel
InceptionI3d (``flow_charades.pt``, ``flow_imagenet.pt``) on TV-L1 optical flow (opencv-contrib)
clipped to [-20, 20] pixels and scaled to [-1, 1], the flow stream of two-stream I3D, with the
same tokens as the RGB stream.

Examples::

    python tools/data/extract_features.py videos/ data/charades/features \\
        --checkpoint checkpoints/rgb_charades.pt
    python tools/data/extract_features.py video_list.txt out/ --device cuda:0
    python tools/data/extract_features.py videos/ data/charades/entity_features \\
        --backbone clip --checkpoint checkpoints/clip-vit-base-patch32
"""

import argparse
import sys
import time
from pathlib import Path

import torch
from tqdm import tqdm

from dad_plugins.apis.video_feature_extractor import (
    BACKBONES,
    ExtractorConfigError,
    VideoFeatureExtractor,
)
from dad_plugins.datasets.video_reading import VIDEO_EXTENSIONS, VideoError
from dad_plugins.utils.atomic_write import npy_bytes, write_atomic

LIST_EXTENSIONS = ('.txt', '.lst', '.list')


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('input', help='a video file, a folder of videos, or a list file (.txt)')
    parser.add_argument('out_dir', help='folder of the {video_id}.npy files')
    parser.add_argument(
        '--backbone',
        choices=BACKBONES,
        default='i3d',
        help='i3d: InceptionI3d, 1024-d, one token per 8 frames; i3d-flow: the same on TV-L1 '
        'optical flow (needs opencv-contrib); clip: a HuggingFace '
        'CLIPVisionModelWithProjection on one frame per 8, aligned to the I3D tokens; '
        'recognizer: an mmaction2 recogniser (--config), its backbone output pooled, one clip '
        'per --stride frames',
    )
    parser.add_argument('--config', help='recognizer: the mmaction2 config file')
    parser.add_argument(
        '--checkpoint',
        help='i3d: local pytorch-i3d RGB checkpoint (rgb_charades.pt, rgb_imagenet.pt), '
        'i3d-flow: a flow one (flow_charades.pt), without it the model is randomly '
        'initialised, for testing only; clip: a local model folder; '
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


def main(argv: list[str] | None = None) -> int:
    """Run the tool; the exit code: 0, or 1 when a video failed."""
    args = parse_args(argv)
    videos = collect_videos(args.input, args.extensions)
    out_dir = Path(args.out_dir)
    settings = ('backbone', 'checkpoint', 'config', 'fps', 'crop_size', 'short_side')
    settings += ('chunk_frames', 'batch_size', 'clip_len', 'frame_interval', 'stride', 'seed')
    try:
        extractor = VideoFeatureExtractor(
            **{name: getattr(args, name) for name in settings}, device=args.device
        )
    except ExtractorConfigError as error:  # a backbone without the --checkpoint / --config
        raise SystemExit(f'error: {error}') from None
    written, skipped, failed, tokens = 0, 0, [], 0
    start_time = time.perf_counter()
    with tqdm(videos, unit='video', dynamic_ncols=True, file=sys.stderr) as progress:
        for video in progress:
            out = out_dir / f'{video.stem}.npy'
            if out.exists():
                skipped += 1
                continue
            try:
                feats = extractor(video)
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
