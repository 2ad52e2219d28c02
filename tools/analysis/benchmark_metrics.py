"""Time the evaluation suite on Charades-sized synthetic predictions.

Charades test split: 1,863 videos, 157 classes, about 30 s per video. With I3D features at an
8-frame stride of 24 fps video there are 3 tokens per second, about 90 tokens per video. Each
synthetic video has a duration drawn from N(30 s, 8 s) clipped to [8 s, 75 s], about 7 ground-truth
actions (Poisson) of 2-25 s, per-token labels by the MS-TCT rule, noisy per-token probabilities
and ``--detections`` segment detections (ground truth with jittered boundaries, plus random ones).

Every registered metric runs ``process`` on batches of data-sample dicts (tensors, as mmengine
passes them) and then ``compute_metrics``; the wall-clock and process CPU time of both are printed
per metric (CPU time is the meaningful number on a machine shared with other jobs).

Usage:
    python tools/analysis/benchmark_metrics.py [--videos 1863] [--classes 157] [--detections 200]
"""

import argparse
import time

import numpy as np
import torch

from dad_plugins.evaluation import format_metrics_table
from dad_plugins.registry import METRICS

FEATURE_RATE = 3.0  # tokens per second: 24 fps / 8-frame stride

SUITE = (
    dict(type='FrameMAP'),
    dict(type='FrameMAP', sample=25, prefix='frame_localize'),
    dict(type='ActionConditionalMetric', taus=(0, 20, 40)),
    dict(type='MultiLabelMetric'),
    dict(type='DetectionMAP'),
    dict(type='SegmentationMAP'),
    dict(type='SegmentationMAP', mode='gaussian', theta=0.2, prefix='seg_gaussian'),
)


def make_video(rng: np.random.Generator, index: int, num_classes: int, num_dets: int) -> dict:
    """One synthetic data-sample dict of the dense-detection contract."""
    duration = float(np.clip(rng.normal(30.0, 8.0), 8.0, 75.0))
    num_tokens = int(round(duration * FEATURE_RATE))
    num_gt = max(1, rng.poisson(7))
    length = rng.uniform(2.0, 25.0, num_gt)
    start = rng.uniform(0.0, duration, num_gt) - length / 2
    gt_segments = np.clip(np.stack([start, start + length], 1), 0.0, duration)  # (M, 2)
    gt_labels = rng.integers(0, num_classes, num_gt)  # (M,)
    time_s = np.arange(num_tokens) / FEATURE_RATE  # (T,)
    inside = (gt_segments[:, None, 0] < time_s) & (time_s < gt_segments[:, None, 1])  # (M, T)
    labels = np.zeros((num_tokens, num_classes), dtype=np.float32)  # (T, C)
    np.maximum.at(labels.T, gt_labels, inside.astype(np.float32))
    logits = 2.5 * labels - 3.0 + rng.normal(0.0, 1.5, labels.shape)
    scores = (1.0 / (1.0 + np.exp(-logits))).astype(np.float32)  # (T, C)

    pick = rng.integers(0, num_gt, num_dets // 2)  # detections around ground truth
    jitter = rng.normal(0.0, 0.15, (pick.size, 2)) * length[pick, None]
    near = gt_segments[pick] + jitter
    rand_start = rng.uniform(0.0, duration, num_dets - pick.size)
    far = np.stack([rand_start, rand_start + rng.uniform(1.0, 20.0, rand_start.size)], 1)
    det_segments = np.sort(np.clip(np.concatenate([near, far]), 0.0, duration), axis=1)
    det_labels = np.concatenate([gt_labels[pick], rng.integers(0, num_classes, far.shape[0])])
    det_scores = np.concatenate(
        [rng.uniform(0.3, 1.0, pick.size), rng.uniform(0.0, 0.7, far.shape[0])]
    )
    return dict(
        video_id=f'video_{index:05d}',
        duration=duration,
        feature_rate=FEATURE_RATE,
        num_tokens=num_tokens,
        pred_frame_scores=torch.from_numpy(scores),
        gt_frame_labels=torch.from_numpy(labels),
        pred_instances=dict(
            segments=torch.from_numpy(det_segments).float(),
            labels=torch.from_numpy(det_labels).long(),
            scores=torch.from_numpy(det_scores).float(),
        ),
        gt_instances=dict(
            segments=torch.from_numpy(gt_segments).float(),
            labels=torch.from_numpy(gt_labels).long(),
        ),
    )


def main() -> None:
    """Generate the data, run every metric, print timings and values."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--videos', type=int, default=1863)
    parser.add_argument('--classes', type=int, default=157)
    parser.add_argument('--detections', type=int, default=200, help='detections per video')
    parser.add_argument('--batch-size', type=int, default=16)
    parser.add_argument('--seed', type=int, default=0)
    args = parser.parse_args()

    rng = np.random.default_rng(args.seed)
    samples = [make_video(rng, i, args.classes, args.detections) for i in range(args.videos)]
    tokens = sum(s['num_tokens'] for s in samples)
    print(
        f'{args.videos} videos, {args.classes} classes, {tokens} tokens '
        f'({tokens / args.videos:.1f} per video), {args.detections} detections per video'
    )
    metrics, timings = {}, {}
    for cfg in SUITE:
        metric = METRICS.build(cfg)
        name = f'{cfg["type"]}[{metric.prefix}]'
        wall, cpu = time.perf_counter(), time.process_time()
        for first in range(0, len(samples), args.batch_size):
            metric.process(None, samples[first : first + args.batch_size])
        metrics.update(metric.evaluate(len(samples)))
        timings[name] = (time.perf_counter() - wall, time.process_time() - cpu)
    print(f'{"metric":<40s} {"wall s":>7s} {"cpu s":>7s}')
    for name, (wall, cpu) in timings.items():
        print(f'{name:<40s} {wall:7.2f} {cpu:7.2f}')
    total_wall, total_cpu = (sum(t[i] for t in timings.values()) for i in (0, 1))
    print(f'{"total":<40s} {total_wall:7.2f} {total_cpu:7.2f}')
    print(format_metrics_table(metrics))


if __name__ == '__main__':
    main()
