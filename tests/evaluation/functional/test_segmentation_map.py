import numpy as np
import pytest

from dad_plugins.evaluation.functional import frame_map, segmentation_map
from dad_plugins.structures import segments_to_frames

LABELS = [
    np.array([[0, 1], [1, 0], [1, 0], [0, 0]], dtype=bool),
    np.array([[1, 0], [0, 0], [0, 1], [0, 1], [0, 0], [1, 0]], dtype=bool),
]
DETECTIONS = [
    np.array([[1.0, 3.0, 0, 0.8]]),  # tokens 1, 2 of class 0
    np.array([[0.0, 1.0, 0, 0.6], [2.0, 3.0, 1, 0.7], [4.0, 6.0, 0, 0.3]]),
]


def test_max_mode_hand_example():
    result = segmentation_map(DETECTIONS, LABELS, feature_rates=[1.0, 1.0])
    # Class 0 scores over the 10 tokens: .8 (2 pos), .6 (pos), .3 x2 (1 pos of 2), 0 x5 (none):
    # AP = (1 + 1 + 1 + 4/5) / 4. Class 1 scores: .7 (pos) then 0 x9 holding 2 positives:
    # AP = (1 + 3/10 + 3/10) / 3.
    ap0 = (1 + 1 + 1 + 4 / 5) / 4
    ap1 = (1 + 0.3 + 0.3) / 3
    np.testing.assert_allclose(result['per_class_ap'], [ap0, ap1])
    assert result['mAP'] == pytest.approx((ap0 + ap1) / 2)


def test_fusion_and_gaussian_match_frame_map():
    rng = np.random.default_rng(0)
    dense = [rng.random(g.shape) for g in LABELS]
    for mode in ('max', 'gaussian'):
        frames = [
            segments_to_frames(d, len(g), 2, 1.0, mode=mode) for d, g in zip(DETECTIONS, LABELS)
        ]
        fused = [0.2 * f + 0.8 * s for f, s in zip(frames, dense)]
        expected = frame_map(fused, LABELS)
        result = segmentation_map(DETECTIONS, LABELS, [1.0, 1.0], mode=mode, dense_scores=dense)
        np.testing.assert_allclose(result['per_class_ap'], expected['per_class_ap'])
        unfused = segmentation_map(DETECTIONS, LABELS, [1.0, 1.0], mode=mode)
        assert unfused['mAP'] == pytest.approx(frame_map(frames, LABELS)['mAP'])


def test_feature_rate_is_used():
    # At 2 tokens/s, [1 s, 3 s] covers tokens 2..5 of a 6-token video.
    labels = [np.array([[0], [0], [1], [1], [1], [1]], dtype=bool)]
    result = segmentation_map([np.array([[1.0, 3.0, 0, 0.9]])], labels, feature_rates=[2.0])
    assert result['mAP'] == pytest.approx(1.0)
