"""init_detector and inference_detector in mmaction2's shape."""

import numpy as np
import pytest
import torch
from mmengine.config import Config

from dad_plugins.apis import inference_detector, init_detector
from dad_plugins.structures import DenseDataSample


@pytest.mark.filterwarnings('ignore:Checkpoint is not loaded')
def test_one_video_gives_one_data_sample_and_a_list_gives_a_list(tmp_path):
    cfg = Config.fromfile('configs/baseline/baseline_synthetic.py')
    torch.manual_seed(0)
    model = init_detector(cfg, device='cpu', feature_rate=4.0)
    features = np.random.default_rng(0).standard_normal((12, 64)).astype(np.float32)
    np.save(tmp_path / 'clip.npy', features)

    sample = inference_detector(model, str(tmp_path / 'clip.npy'))
    assert isinstance(sample, DenseDataSample) and sample.video_id == 'clip'
    assert sample.pred_frame_scores.shape == (12, 24) and sample.duration == 3.0
    assert set(sample.pred_instances.keys()) == {'segments', 'labels', 'scores'}

    samples = inference_detector(model, [features, features])
    assert [s.video_id for s in samples] == ['video_0', 'video_1']
    torch.testing.assert_close(samples[0].pred_frame_scores, sample.pred_frame_scores)
    assert len(inference_detector(model, str(tmp_path))) == 1  # a folder gives a list
