"""Fake data samples of the dense-detection contract (what ``BaseDataElement.to_dict()`` gives)."""

import numpy as np
import pytest
import torch
from mmengine.structures import InstanceData

NUM_CLASSES = 5


def make_sample(rng: np.random.Generator, index: int, padding: int = 0) -> dict:
    """One video: 3 tokens/s, random labels and scores, ``padding`` extra padded tokens."""
    num_tokens = int(rng.integers(20, 60))
    labels = rng.random((num_tokens + padding, NUM_CLASSES)) < 0.3
    scores = np.clip(labels * 0.4 + rng.random(labels.shape) * 0.7, 0, 1).astype(np.float32)
    num_gt, num_dets = int(rng.integers(1, 4)), int(rng.integers(0, 8))
    gt_start = rng.uniform(0, num_tokens / 3, num_gt)
    det_start = rng.uniform(0, num_tokens / 3, num_dets)
    return dict(
        video_id=f'video_{index}',
        duration=num_tokens / 3.0,
        feature_rate=3.0,
        num_tokens=num_tokens,
        pred_frame_scores=torch.from_numpy(scores),
        gt_frame_labels=torch.from_numpy(labels.astype(np.float32)),
        pred_instances=dict(
            segments=torch.from_numpy(np.stack([det_start, det_start + 3], 1)).float(),
            labels=torch.from_numpy(rng.integers(0, NUM_CLASSES, num_dets)),
            scores=torch.from_numpy(rng.random(num_dets)).float(),
        ),
        gt_instances=dict(
            segments=torch.from_numpy(np.stack([gt_start, gt_start + 4], 1)).float(),
            labels=torch.from_numpy(rng.integers(0, NUM_CLASSES, num_gt)),
        ),
    )


@pytest.fixture
def samples() -> list[dict]:
    """Six videos; two of them carry padded tokens beyond ``num_tokens``."""
    rng = np.random.default_rng(0)
    return [make_sample(rng, i, padding=7 if i % 3 == 0 else 0) for i in range(6)]


@pytest.fixture
def element_samples(samples) -> list[dict]:
    """The same videos with ``pred_instances`` / ``gt_instances`` as ``InstanceData``."""
    return [
        {
            **s,
            'pred_instances': InstanceData(**s['pred_instances']),
            'gt_instances': InstanceData(**s['gt_instances']),
        }
        for s in samples
    ]


def valid(sample: dict, key: str) -> np.ndarray:
    """``sample[key]`` cut to the valid tokens, as NumPy."""
    return sample[key][: sample['num_tokens']].numpy()
