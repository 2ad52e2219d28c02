"""Detect actions in videos, or their clip features, with a trained checkpoint; write JSON.

Usage: python tools/infer.py CONFIG CHECKPOINT INPUT [--out results.json] [--score-thr X]
       [--topk K] [--device cpu] [--show-dir DIR] [--feature-rate R] [--no-strict]
       [--trust-checkpoint] [--extractor EXTRACTOR_CONFIG [--extractor-options k=v ...]]
       [--data-root DIR] [--cfg-options k=v ...]

INPUT is a ``.npy`` file of ``(T, D)`` features or a folder of them; with ``--extractor`` (an
extractor config, e.g. ``configs/extractors/i3d_rgb_charades.py``) it may also be a video file
or a folder of videos, whose features are extracted as ``tools/data/extract_features.py`` does
and then predicted. The output is
ActivityNet-style JSON: ``{"version", "results": {video_id: [{"segment": [start_s, end_s],
"label": class_name, "score": x}, ...]}, "external_data"}``, segments by descending score.
"""

import argparse
import json
import os.path as osp
from pathlib import Path

from mmengine.config import DictAction

import dad_plugins
from dad_plugins.apis import DenseDetectionInferencer
from dad_plugins.apis.video_feature_extractor import ExtractorConfigError, VideoFeatureExtractor
from dad_plugins.engine import (
    CheckpointMismatchError,
    add_cfg_options,
    add_data_root_option,
    add_strict_option,
    add_trust_checkpoint_option,
    load_config,
)
from dad_plugins.utils import write_atomic
from dad_plugins.utils.input_errors import exit_on_input_error


def positive_float(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f'must be positive, got {text}')
    return value


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description='Detect actions in feature files of videos')
    parser.add_argument('config', help='config file of the model')
    parser.add_argument('checkpoint', help='checkpoint file')
    parser.add_argument(
        'input', help='a .npy feature file (T, D), a video file (with --extractor), or a folder'
    )
    parser.add_argument('--out', default='results.json', help='output JSON file')
    parser.add_argument(
        '--score-thr', type=float, default=0.0, help='keep segments scoring at least this'
    )
    parser.add_argument('--topk', type=int, default=None, help='keep the K best segments a video')
    parser.add_argument('--device', default='cpu', help='device, e.g. cpu or cuda:0')
    parser.add_argument('--show-dir', help='draw a timeline PNG of every video into this folder')
    parser.add_argument(
        '--feature-rate',
        type=positive_float,
        default=None,
        help="tokens per second of the features (default: the config's, else 3.0)",
    )
    parser.add_argument(
        '--extractor',
        help='extractor config (its `extractor` dict) for video inputs, e.g. '
        'configs/extractors/i3d_rgb_charades.py',
    )
    parser.add_argument(
        '--extractor-options',
        nargs='+',
        action=DictAction,
        help='override settings of the extractor config, e.g. checkpoint=None crop_size=112',
    )
    add_strict_option(parser, 'run')
    add_trust_checkpoint_option(parser)
    add_data_root_option(parser)
    add_cfg_options(parser, 'test_dataloader.dataset.pipeline.0.feat_dims.feats=1024')
    return parser.parse_args()


def activitynet_results(predictions: list[dict], config: str) -> dict:
    """The inferencer's predictions as ActivityNet-style detection results."""
    results = {
        prediction['video_id']: [
            dict(segment=[start, end], label=label, score=score)
            for start, end, label, score in prediction['segments']
        ]
        for prediction in predictions
    }
    details = f'{osp.basename(config)} on clip features, dad_plugins {dad_plugins.__version__}'
    return dict(
        version='VERSION 1.3', results=results, external_data=dict(used=True, details=details)
    )


def main() -> None:
    args = parse_args()
    with exit_on_input_error(CheckpointMismatchError, ExtractorConfigError):
        if not Path(args.input).exists():
            raise FileNotFoundError(f'{args.input}: no such file or folder')
        cfg = load_config(args.config, args.cfg_options, args.data_root)
        extractor = None
        if args.extractor is not None:
            options = {f'extractor.{k}': v for k, v in (args.extractor_options or {}).items()}
            extractor = VideoFeatureExtractor.from_config(
                load_config(args.extractor, options), args.device
            )
        inferencer = DenseDetectionInferencer(
            cfg,
            args.checkpoint,
            device=args.device,
            feature_rate=args.feature_rate,
            strict=args.strict,
            trust_checkpoint=args.trust_checkpoint,
            show_progress=Path(args.input).is_dir(),
            extractor=extractor,
        )
        predictions = inferencer(
            args.input, score_thr=args.score_thr, topk=args.topk, show_dir=args.show_dir
        )
    output = activitynet_results(predictions['predictions'], args.config)
    write_atomic(args.out, (json.dumps(output) + '\n').encode())
    print(f'{len(output["results"])} videos -> {args.out}')
    if args.show_dir is not None:
        print(f'{len(predictions["visualization"])} timelines -> {args.show_dir}')


if __name__ == '__main__':
    main()
