"""Write a small test video: a white square moving over dark noise (MJPG ``.avi``).

It lets the whole use path run without a dataset: this video -> ``extract_features.py`` ->
``infer.py`` (docs/inference.md, "From a video file").

Example::

    python tools/data/make_demo_video.py demo/videos/square.avi --seconds 4
"""

import argparse
from pathlib import Path

from dad_plugins.testing.videos import write_moving_square_video


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('out', help='the .avi file to write (its folder is created)')
    parser.add_argument('--seconds', type=float, default=4.0, help='duration (default 4)')
    parser.add_argument('--fps', type=float, default=25.0, help='frame rate (default 25)')
    parser.add_argument('--width', type=int, default=64, help='frame width (default 64)')
    parser.add_argument('--height', type=int, default=48, help='frame height (default 48)')
    parser.add_argument('--seed', type=int, default=0, help='seed of the noise')
    args = parser.parse_args()
    if args.seconds <= 0 or args.fps <= 0 or min(args.width, args.height) < 3:
        parser.error('--seconds and --fps must be positive, --width and --height at least 3')
    return args


def main() -> None:
    args = parse_args()
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    frames = write_moving_square_video(
        args.out, args.seconds, args.fps, (args.width, args.height), seed=args.seed
    )
    print(f'{frames} frames ({args.width} x {args.height}, {args.fps:g} fps) -> {args.out}')


if __name__ == '__main__':
    main()
