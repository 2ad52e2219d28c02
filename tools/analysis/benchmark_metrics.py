"""Time the evaluation suite on Charades-sized synthetic predictions.

Charades test split: 1,863 videos, 157 classes, about 30 s per video. With I3D features at an
8-frame stride of 24 fps video there are 3 tokens per second, about 90 tokens per video. Each
synthetic video has a duration drawn from N(30 s, 8 s) clipped to [8 s, 75 s], about 7 ground-truth
actions (Poisson) of 2-25 s, per-token labels by the MS-TCT rule, noisy per-token probabilities
and ``--detections`` segment detections (ground truth with jittered boundaries, plus random ones).

The suite runs as a training or test run evaluates it: one evaluator, ``process`` on batches of
data-sample dicts (tensors, as mmengine passes them), then ``evaluate``. Two evaluators run in
turn, ``--rounds`` times, in alternating order: mmengine's ``Evaluator`` (every metric pools the
videos itself) and ``DenseEvaluator`` (the metrics share one pooling). The table gives, per
metric, the median wall-clock and process CPU time of ``compute_metrics`` in each (CPU time is
the meaningful number on a machine shared with other jobs), and of the whole evaluation
(``process`` of every batch, then ``evaluate``). The two must give the same values; ``--json
FILE`` writes them (exact floats) to compare code versions.

Usage:
    python tools/analysis/benchmark_metrics.py [--videos 1863] [--classes 157] [--detections 200]
        [--rounds 2] [--json FILE]
"""

import argparse
import json
import os
import statistics
import time
from collections.abc import Callable

import numpy as np
import torch
from mmengine.evaluator import Evaluator

from dad_plugins.evaluation import DenseEvaluator, format_metrics_table
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


def timed(function: Callable, log: list) -> Callable:
    """``function`` appending its wall-clock and CPU seconds to ``log`` on every call."""

    def run(*args, **kwargs):
        wall, cpu = time.perf_counter(), time.process_time()
        output = function(*args, **kwargs)
        log.append((time.perf_counter() - wall, time.process_time() - cpu))
        return output

    return run


def evaluate(kind: type, samples: list, batch_size: int, log: dict) -> dict:
    """Process ``samples`` in batches and evaluate the suite with one evaluator of ``kind``;
    per-metric ``compute_metrics`` times and the total go to ``log``."""
    evaluator = kind([METRICS.build(cfg) for cfg in SUITE])
    for cfg, metric in zip(SUITE, evaluator.metrics):
        name = f'{cfg["type"]}[{metric.prefix}]'
        metric.compute_metrics = timed(metric.compute_metrics, log.setdefault(name, []))
    wall, cpu = time.perf_counter(), time.process_time()
    for first in range(0, len(samples), batch_size):
        evaluator.process(samples[first : first + batch_size])
    metrics = evaluator.evaluate(len(samples))
    log.setdefault('total (process + evaluate)', []).append(
        (time.perf_counter() - wall, time.process_time() - cpu)
    )
    return metrics


def main() -> None:
    """Generate the data, run the suite with both evaluators, print timings and values."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--videos', type=int, default=1863)
    parser.add_argument('--classes', type=int, default=157)
    parser.add_argument('--detections', type=int, default=200, help='detections per video')
    parser.add_argument('--batch-size', type=int, default=16)
    parser.add_argument('--rounds', type=int, default=2, help='rounds of both evaluators (median)')
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--json', help='write the metric values (exact) to this file')
    args = parser.parse_args()

    rng = np.random.default_rng(args.seed)
    samples = [make_video(rng, i, args.classes, args.detections) for i in range(args.videos)]
    tokens = sum(s['num_tokens'] for s in samples)
    print(
        f'{args.videos} videos, {args.classes} classes, {tokens} tokens '
        f'({tokens / args.videos:.1f} per video), {args.detections} detections per video'
    )
    kinds = dict(Evaluator=Evaluator, DenseEvaluator=DenseEvaluator)
    logs = {name: {} for name in kinds}
    outputs = {}
    for index in range(args.rounds):
        # Alternate the order: the evaluator that runs second reuses memory pages of the first.
        for name in list(kinds)[:: 1 if index % 2 == 0 else -1]:
            outputs[name] = evaluate(kinds[name], samples, args.batch_size, logs[name])
    if json.dumps(outputs['Evaluator']) != json.dumps(outputs['DenseEvaluator']):
        raise SystemExit('error: Evaluator and DenseEvaluator disagree')
    print(f'rounds={args.rounds} (median), load average={os.getloadavg()[0]:.1f}')
    print(f'{"metric":<45s} {"Evaluator":>19s} {"DenseEvaluator":>19s}')
    print(f'{"":<45s} {"wall s":>9s} {"cpu s":>9s} {"wall s":>9s} {"cpu s":>9s}')
    for metric in logs['Evaluator']:
        cells = [
            statistics.median(t[i] for t in logs[name][metric]) for name in kinds for i in (0, 1)
        ]
        print(f'{metric:<45s} ' + ' '.join(f'{cell:9.2f}' for cell in cells))
    print('values: identical for both evaluators')
    print(format_metrics_table(outputs['DenseEvaluator']))
    if args.json:
        with open(args.json, 'w') as file:
            json.dump(outputs['DenseEvaluator'], file, indent=1)
            file.write('\n')


if __name__ == '__main__':
    main()
