import numpy as np
import torch

from dad_plugins.evaluation.metrics.data_sample_utils import (
    detection_array,
    frame_result,
    ground_truth_array,
    unique_videos,
)


def test_arrays_from_dicts_and_elements(samples, element_samples):
    for plain, element in zip(samples, element_samples):
        detections = detection_array(plain)
        assert detections.shape == (len(plain['pred_instances']['labels']), 4)
        np.testing.assert_array_equal(detections, detection_array(element))
        np.testing.assert_array_equal(ground_truth_array(plain), ground_truth_array(element))
        result = frame_result(plain)
        assert result['scores'].shape == (plain['num_tokens'], 5)
        assert result['labels'].dtype == bool


def test_detection_array_layout():
    sample = dict(
        pred_instances=dict(
            segments=torch.tensor([[1.0, 2.0]]),
            labels=torch.tensor([3]),
            scores=torch.tensor([0.5]),
        )
    )
    np.testing.assert_array_equal(detection_array(sample), [[1.0, 2.0, 3.0, 0.5]])


def test_unique_videos_keeps_first():
    results = [dict(video_id='a', x=1), dict(video_id='b', x=2), dict(video_id='a', x=3)]
    assert unique_videos(results) == [dict(video_id='a', x=1), dict(video_id='b', x=2)]
