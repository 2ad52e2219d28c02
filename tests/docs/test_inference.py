"""docs/inference.md runs: "From a video file", a generated video to a results JSON and a PNG.

The page marks the shell block to run with the info string ``bash run=<name>``; it runs as
written, in a scratch folder that links the repository's ``tools`` and ``configs``.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[2]
PAGE = REPO / 'docs' / 'inference.md'


def marked_blocks() -> dict[str, str]:
    """The page's shell blocks marked ``bash run=<name>``, by name, but for those marked
    ``run=synthetic`` (run one command at a time by ``test_commands.py``)."""
    found = re.findall(
        r'^```bash run=(?!synthetic\n)(\w+)\n(.*?)^```$', PAGE.read_text(), re.M | re.S
    )
    return dict(found)


@pytest.fixture(scope='module')
def demo(tmp_path_factory) -> Path:
    """The scratch folder after the ``video_to_timeline`` block ran there."""
    folder = tmp_path_factory.mktemp('demo')
    for name in ('tools', 'configs'):
        (folder / name).symlink_to(REPO / name, target_is_directory=True)
    env = dict(
        os.environ,
        PATH=f'{Path(sys.executable).parent}{os.pathsep}{os.environ["PATH"]}',
        PYTHONPATH=str(REPO),
        OMP_NUM_THREADS='1',
    )
    result = subprocess.run(
        ['bash', '-e', '-c', marked_blocks()['video_to_timeline']],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return folder


def test_page_marks_the_video_block():
    assert set(marked_blocks()) == {'video_to_timeline'}


def test_features_of_the_video(demo):
    feats = np.load(demo / 'data/demo/features/square.npy')
    assert feats.shape == (11, 1024) and np.isfinite(feats).all()  # 96 frames at 24 fps


def test_results_json_and_timeline_from_features_and_from_the_video(demo):
    work = demo / 'work_dirs/demo'
    from_features = json.loads((work / 'results.json').read_text())
    from_video = json.loads((work / 'results_video.json').read_text())
    assert list(from_features['results']) == ['square']
    names = (demo / 'data/demo/synthetic/classes.txt').read_text()
    for detection in from_features['results']['square']:
        start, end = detection['segment']
        assert 0 <= start <= end <= 11 / 3 + 1e-6  # 11 tokens at 3 a second
        assert detection['label'] in names
    assert from_video['results'] == from_features['results']
    picture = work / 'timelines' / 'square.png'
    assert picture.read_bytes()[:8] == b'\x89PNG\r\n\x1a\n'
