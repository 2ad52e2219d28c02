"""Features of video files from extractor settings, configs and the extract_features tool."""

import inspect
import math
from pathlib import Path

import cv2
import numpy as np
import pytest
from mmengine.config import Config

from dad_plugins.apis import VideoFeatureExtractor
from dad_plugins.apis.video_feature_extractor import BACKBONES, ExtractorConfigError
from dad_plugins.testing.videos import write_moving_square_video

REPO = Path(__file__).resolve().parents[2]
TINY = dict(checkpoint=None, crop_size=32)
pytestmark = pytest.mark.filterwarnings('ignore::UserWarning')


@pytest.fixture(scope='module')
def video(tmp_path_factory):
    """3 s at 25 fps: 72 frames at 24 fps, 8 I3D tokens."""
    path = tmp_path_factory.mktemp('videos') / 'square.avi'
    write_moving_square_video(path, 3.0, fps=25, size=(64, 48))
    return path


def test_i3d_features_of_a_video(video):
    extractor = VideoFeatureExtractor(**TINY)
    feats = extractor(video)
    assert feats.shape == (math.ceil(3.0 * 24 / 8) - 1, 1024) and feats.dtype == np.float32
    assert extractor.token_rate == 3.0
    np.testing.assert_array_equal(VideoFeatureExtractor(**TINY)(video), feats)  # same seed


def test_config_file_and_dict_build_the_same_extractor(video, tmp_path):
    config = tmp_path / 'extractor.py'
    config.write_text("extractor = dict(backbone='i3d', checkpoint=None, crop_size=32, fps=12)\n")
    from_file = VideoFeatureExtractor.from_config(config)
    assert from_file.token_rate == 1.5
    expected = VideoFeatureExtractor(**TINY, fps=12)(video)
    np.testing.assert_array_equal(from_file(video), expected)
    np.testing.assert_array_equal(
        VideoFeatureExtractor.from_config(dict(TINY, fps=12))(video), expected
    )


@pytest.mark.parametrize(
    'settings,message',
    [
        (dict(crop=32), 'unknown extractor settings crop; known: backbone, batch_size'),
        (
            dict(backbone='c3d'),
            "backbone must be one of i3d, i3d-flow, clip, recognizer, got 'c3d'",
        ),
        (dict(backbone='clip'), 'the clip backbone needs a checkpoint'),
        (dict(backbone='recognizer', checkpoint='x.pth'), 'needs a config and a checkpoint'),
        (dict(fps=-1), 'fps must be 0 (native) or positive'),
    ],
)
def test_bad_settings_are_one_line_errors(settings, message):
    with pytest.raises(ExtractorConfigError) as error:
        VideoFeatureExtractor.from_config(settings)
    assert message in str(error.value) and '\n' not in str(error.value)


def test_config_file_without_extractor_dict(tmp_path):
    config = tmp_path / 'model.py'
    config.write_text('model = dict()\n')
    with pytest.raises(ExtractorConfigError, match='needs an `extractor` dict'):
        VideoFeatureExtractor.from_config(config)


def test_shipped_extractor_configs_name_known_settings():
    known = set(inspect.signature(VideoFeatureExtractor).parameters) - {'device'}
    configs = sorted((REPO / 'configs' / 'extractors').glob('*.py'))
    assert configs
    for config in configs:
        settings = Config.fromfile(config).extractor
        assert set(settings) <= known, config
        assert settings['backbone'] in BACKBONES


@pytest.mark.skipif(not hasattr(cv2, 'optflow'), reason='opencv-contrib is not installed')
def test_flow_stream_has_the_tokens_of_the_rgb_stream(video):
    flow = VideoFeatureExtractor(backbone='i3d-flow', **TINY)(video)
    assert flow.shape == VideoFeatureExtractor(**TINY)(video).shape
    assert np.isfinite(flow).all()


def test_flow_without_opencv_contrib_is_one_line(monkeypatch):
    monkeypatch.delattr(cv2, 'optflow', raising=False)
    with pytest.raises(ExtractorConfigError, match='needs opencv-contrib-python'):
        VideoFeatureExtractor(backbone='i3d-flow', **TINY)
