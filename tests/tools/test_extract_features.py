"""tools/data/extract_features.py on tiny videos written with OpenCV (random-init I3D, 32 px)."""

import importlib.util
import math
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch

from dad_plugins.apis.feature_extractors import CLIPExtractor, RecognizerExtractor
from dad_plugins.datasets.video_reading import read_video
from dad_plugins.testing.videos import write_moving_square_video

from .runner import REPO

spec = importlib.util.spec_from_file_location(
    'extract_features', REPO / 'tools' / 'data' / 'extract_features.py'
)
extract_features = importlib.util.module_from_spec(spec)
spec.loader.exec_module(extract_features)

NATIVE_FPS = 25
SMALL = ['--crop-size', '32', '--device', 'cpu']


def write_video(path: Path, seconds: float, seed: int) -> None:
    """A 64 x 48 MJPG video at 25 fps of a bright square moving over noise."""
    write_moving_square_video(path, seconds, NATIVE_FPS, (64, 48), seed=seed)


@pytest.fixture(scope='module')
def videos(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp('videos')
    write_video(root / 'short.avi', 2.0, seed=0)
    write_video(root / 'long.avi', 3.0, seed=1)
    (root / 'broken.avi').write_bytes(np.random.default_rng(2).bytes(5000))
    return root


def expected_tokens(seconds: float, fps: float = 24) -> int:
    return math.ceil(seconds * fps / 8) - 1


def test_tool_writes_resumes_and_reports_failures(videos, tmp_path, capsys):
    out = tmp_path / 'features'
    result = subprocess.run(
        [sys.executable, 'tools/data/extract_features.py', str(videos), str(out), *SMALL],
        cwd=REPO,
        env=dict(os.environ, OMP_NUM_THREADS='2', PYTHONPATH=str(REPO)),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1, result.stderr[-2000:]
    failures = [line for line in result.stdout.splitlines() if 'broken.avi' in line]
    assert len(failures) == 1 and failures[0].startswith('failed: ')
    assert 'RANDOMLY INITIALISED' in result.stderr
    assert '2 written, 0 skipped (already extracted), 1 failed' in result.stdout
    assert sorted(p.name for p in out.iterdir()) == ['long.npy', 'short.npy']
    for name, seconds in (('short', 2.0), ('long', 3.0)):
        feats = np.load(out / f'{name}.npy')
        assert feats.dtype == np.float32
        assert feats.shape == (expected_tokens(seconds), 1024)
        assert np.isfinite(feats).all()

    # A second run skips what exists and fails again on the broken video only.
    before = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    assert extract_features.main([str(videos), str(out), *SMALL]) == 1
    assert '0 written, 2 skipped (already extracted), 1 failed' in capsys.readouterr().out
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == before

    # Same input, same features: a list file naming one video, into another folder.
    listing = tmp_path / 'videos.txt'
    listing.write_text(f'# one video\n{videos / "short.avi"}\n\n')
    again = tmp_path / 'again'
    assert extract_features.main([str(listing), str(again), *SMALL]) == 0
    assert [p.name for p in again.iterdir()] == ['short.npy']
    np.testing.assert_array_equal(np.load(again / 'short.npy'), np.load(out / 'short.npy'))


def test_native_fps_and_too_short_video(videos, tmp_path, capsys):
    out = tmp_path / 'native'
    assert extract_features.main([str(videos / 'short.avi'), str(out), *SMALL, '--fps', '0']) == 0
    assert np.load(out / 'short.npy').shape == (expected_tokens(2.0, NATIVE_FPS), 1024)
    write_video(tmp_path / 'tiny.avi', 0.2, seed=3)  # 5 frames
    assert extract_features.main([str(tmp_path / 'tiny.avi'), str(out), *SMALL]) == 1
    (line,) = [line for line in capsys.readouterr().out.splitlines() if 'tiny' in line]
    assert 'at least 9' in line


def test_duplicate_video_ids(tmp_path):
    (tmp_path / 'a').mkdir()
    listing = tmp_path / 'list.txt'
    listing.write_text('a/x.mp4\nb/x.avi\n')
    with pytest.raises(SystemExit, match="same video id 'x'"):
        extract_features.collect_videos(listing, extract_features.VIDEO_EXTENSIONS)


def test_clip_backbone_aligns_with_i3d_tokens(videos, tmp_path):
    from transformers import CLIPVisionConfig, CLIPVisionModelWithProjection

    config = CLIPVisionConfig(
        hidden_size=32,
        intermediate_size=37,
        num_hidden_layers=1,
        num_attention_heads=2,
        image_size=32,
        patch_size=8,
        projection_dim=16,
    )
    torch.manual_seed(0)
    CLIPVisionModelWithProjection(config).save_pretrained(tmp_path / 'clip')
    out = tmp_path / 'entity'
    args = [str(videos / 'long.avi'), str(out), '--backbone', 'clip', '--device', 'cpu']
    assert extract_features.main([*args, '--checkpoint', str(tmp_path / 'clip')]) == 0
    feats = np.load(out / 'long.npy')
    assert feats.dtype == np.float32 and feats.shape == (expected_tokens(3.0), 16)
    # Token j embeds frame 8 j + 4 of the resampled video.
    extractor = CLIPExtractor(str(tmp_path / 'clip'), 'cpu', batch_size=2)
    frames = read_video(videos / 'long.avi', 24, 32, 32)
    single = extractor(np.repeat(frames[12:13], 9, axis=0))  # 9 copies of frame 8 * 1 + 4
    np.testing.assert_allclose(feats[1], single[0], rtol=1e-4, atol=1e-5)
    with pytest.raises(SystemExit, match='cannot load a CLIP vision model'):
        CLIPExtractor(str(tmp_path / 'missing'), 'cpu')


RECOGNIZER_CONFIG = """
model = dict(
    type='Recognizer3D',
    backbone=dict(type='ResNet3d', depth=18, base_channels=8, pretrained=None, pretrained2d=False),
    cls_head=dict(type='I3DHead', num_classes=5, in_channels=64),
    data_preprocessor=dict(
        type='ActionDataPreprocessor',
        mean=[123.675, 116.28, 103.53],
        std=[58.395, 57.12, 57.375],
        format_shape='NCTHW',
    ),
)
"""


def test_recognizer_backbone(videos, tmp_path):
    from mmaction.registry import MODELS as MMACTION_MODELS
    from mmaction.utils import register_all_modules
    from mmengine.config import Config
    from mmengine.registry import DefaultScope

    config = tmp_path / 'tiny_recognizer.py'
    config.write_text(RECOGNIZER_CONFIG)
    register_all_modules(init_default_scope=False)
    torch.manual_seed(0)
    model = MMACTION_MODELS.build(Config.fromfile(config).model)
    torch.save({'state_dict': model.state_dict()}, tmp_path / 'tiny.pth')
    out = tmp_path / 'recognizer'
    args = [str(videos / 'short.avi'), str(out), '--backbone', 'recognizer', '--device', 'cpu']
    args += ['--config', str(config), '--checkpoint', str(tmp_path / 'tiny.pth')]
    args += ['--clip-len', '4', '--crop-size', '32', '--short-side', '48', '--batch-size', '4']

    def scope_name() -> str | None:
        scope = DefaultScope.get_current_instance()
        return None if scope is None else scope.scope_name

    before = scope_name()
    assert extract_features.main(args) == 0
    assert scope_name() == before  # building the recogniser left the default scope as it was
    feats = np.load(out / 'short.npy')
    assert feats.dtype == np.float32 and feats.shape == (6, 64)  # 48 frames, one per 8
    assert np.isfinite(feats).all() and not np.allclose(feats[0], feats[-1])
    extractor = RecognizerExtractor(
        str(config), str(tmp_path / 'tiny.pth'), 'cpu', clip_len=4, stride=8
    )
    np.testing.assert_array_equal(extractor.clip_indices(12)[:, [0, -1]], [[2, 5], [10, 11]])
