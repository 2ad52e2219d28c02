"""The I3D extractor over frames (whole video, stitched windows, flow input) and its loading."""

import math

import numpy as np
import pytest
import torch

from dad_plugins.apis.feature_extractors import I3DExtractor, build_i3d, plan_windows
from dad_plugins.datasets.video_reading import VideoError
from dad_plugins.models.backbones import InceptionI3d


@pytest.fixture(scope='module')
def model() -> InceptionI3d:
    torch.manual_seed(0)
    return InceptionI3d().eval()


def random_frames(num_frames: int, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, 256, (num_frames, 32, 32, 3), dtype=np.uint8)


@pytest.mark.parametrize('num_frames', [9, 16, 17, 40])
def test_one_token_per_8_frames_less_one(model, num_frames):
    feats = I3DExtractor(model, 'cpu')(random_frames(num_frames))
    assert feats.shape == (math.ceil(num_frames / 8) - 1, 1024) and feats.dtype == np.float32


def test_same_frames_same_features(model):
    extractor = I3DExtractor(model, 'cpu')
    np.testing.assert_array_equal(extractor(random_frames(24)), extractor(random_frames(24)))


def test_too_few_frames_is_a_video_error(model):
    with pytest.raises(VideoError, match='at least 9'):
        I3DExtractor(model, 'cpu')(random_frames(8))


def test_windows_stitch_to_the_whole_video_pass(model):
    frames = random_frames(77)
    whole = I3DExtractor(model, 'cpu', chunk_frames=10**6)(frames)
    assert len(plan_windows(77, 16)) == 5
    stitched = I3DExtractor(model, 'cpu', chunk_frames=16, batch_size=2)(frames)
    assert whole.shape == stitched.shape == (9, 1024)
    np.testing.assert_allclose(stitched, whole, rtol=0, atol=1e-5 * np.abs(whole).max())


def test_flow_input_is_taken_as_it_is():
    torch.manual_seed(0)
    flow_model = InceptionI3d(in_channels=2).eval()
    flow = np.random.default_rng(0).uniform(-1, 1, (17, 32, 32, 2)).astype(np.float32)
    extractor = I3DExtractor(flow_model, 'cpu')
    np.testing.assert_array_equal(extractor.to_input(flow).numpy(), flow.transpose(3, 0, 1, 2))
    assert extractor(flow).shape == (2, 1024)


def test_checkpoint_loading(tmp_path):
    torch.manual_seed(1)
    charades = InceptionI3d(num_classes=157)
    torch.save(charades.state_dict(), tmp_path / 'rgb_charades.pt')
    model = build_i3d(str(tmp_path / 'rgb_charades.pt'), 'cpu', seed=0)
    assert model.num_classes == 157 and not model.training
    for key, value in charades.state_dict().items():
        assert torch.equal(model.state_dict()[key], value), key
    torch.save(InceptionI3d(in_channels=2).state_dict(), tmp_path / 'flow.pt')
    assert build_i3d(str(tmp_path / 'flow.pt'), 'cpu', seed=0, in_channels=2).in_channels == 2
    with pytest.raises(SystemExit, match='takes flow input .* the i3d-flow backbone'):
        build_i3d(str(tmp_path / 'flow.pt'), 'cpu', seed=0)
    with pytest.raises(SystemExit, match='takes RGB input .* the i3d backbone'):
        build_i3d(str(tmp_path / 'rgb_charades.pt'), 'cpu', seed=0, in_channels=2)
    with pytest.raises(SystemExit, match='cannot read'):
        build_i3d(str(tmp_path / 'missing.pt'), 'cpu', seed=0)


def test_random_initialisation_follows_the_seed():
    first, second = (build_i3d(None, 'cpu', seed=5) for _ in range(2))
    for key, value in first.state_dict().items():
        assert torch.equal(second.state_dict()[key], value), key
