"""Speed of I3D feature extraction, in tokens per second, on a generated video.

Writes a ``--duration`` s, ``--width`` x ``--height`` MJPG video at ``--native-fps`` (a square
moving over noise) to a temporary folder, then times the two stages of
``tools/data/extract_features.py`` on it with a randomly initialised InceptionI3d (the speed
does not depend on the weights): decoding + resampling + resize / crop, and the I3D pass (whole
video, or ``--chunk-frames`` windows). With ``--flow`` it times the flow stream instead: TV-L1
optical flow of the decoded frames, then a 2-channel InceptionI3d. A warm-up pass on 16 frames
runs first. Prints one Markdown table row per stage and the end-to-end tokens/s.

Usage:
    python tools/analysis/benchmark_extraction.py [--duration 30] [--crop-size 224]
        [--fps 24] [--device cpu] [--threads N] [--flow]
"""

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np
import torch

from dad_plugins.apis.feature_extractors import I3DExtractor
from dad_plugins.datasets.optical_flow import tvl1_flow
from dad_plugins.datasets.video_reading import read_video
from dad_plugins.models.backbones import InceptionI3d
from dad_plugins.testing.videos import write_moving_square_video


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--duration', type=float, default=30.0, help='seconds of video')
    parser.add_argument('--width', type=int, default=320)
    parser.add_argument('--height', type=int, default=240)
    parser.add_argument('--native-fps', type=float, default=24.0, help='fps of the written video')
    parser.add_argument('--fps', type=float, default=24.0, help='fps fed to I3D')
    parser.add_argument('--crop-size', type=int, default=224)
    parser.add_argument('--chunk-frames', type=int, default=1600)
    parser.add_argument('--device', default='cpu')
    parser.add_argument('--threads', type=int, default=torch.get_num_threads())
    parser.add_argument('--flow', action='store_true', help='time the TV-L1 flow stream')
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    model = InceptionI3d(in_channels=2 if args.flow else 3).to(args.device).eval()
    extractor = I3DExtractor(model, args.device, args.chunk_frames)
    channels = 2 if args.flow else 3
    with tempfile.TemporaryDirectory() as tmp:
        video = Path(tmp) / 'benchmark.avi'
        size = (args.width, args.height)
        write_moving_square_video(video, args.duration, args.native_fps, size)
        extractor(np.zeros((16, args.crop_size, args.crop_size, channels), np.uint8))  # warm-up
        start = time.perf_counter()
        frames = read_video(video, args.fps, args.crop_size)
        decoded = time.perf_counter()
        inputs = tvl1_flow(frames) if args.flow else frames
        flowed = time.perf_counter()
        feats = extractor(inputs)
        if args.device.startswith('cuda'):
            torch.cuda.synchronize()
        done = time.perf_counter()
    tokens = len(feats)
    print(
        f'{args.duration:g} s {args.width}x{args.height} video, {len(frames)} frames at '
        f'{args.fps:g} fps, crop {args.crop_size}, {tokens} tokens, device {args.device}, '
        f'{args.threads} threads'
    )
    print('| stage | seconds | tokens/s |')
    print('|---|---|---|')
    stages = [('decode + resize / crop', decoded - start)]
    if args.flow:
        stages.append(('TV-L1 flow', flowed - decoded))
    stages += [('I3D flow' if args.flow else 'I3D', done - flowed), ('total', done - start)]
    for stage, seconds in stages:
        print(f'| {stage} | {seconds:.2f} | {tokens / seconds:.1f} |')


if __name__ == '__main__':
    main()
