import sys

import cv2
import pytest

from .runner import run_tool


def test_benchmark_extraction_prints_tokens_per_second():
    args = ['--duration', '0.5', '--width', '64', '--height', '48', '--crop-size', '32']
    result = run_tool([sys.executable, 'tools/analysis/benchmark_extraction.py', *args])
    assert '12 frames at 24 fps, crop 32, 1 tokens' in result.stdout
    rows = [line.split('|')[1].strip() for line in result.stdout.splitlines() if '| ' in line]
    assert rows == ['stage', 'decode + resize / crop', 'I3D', 'total']


@pytest.mark.skipif(not hasattr(cv2, 'optflow'), reason='opencv-contrib is not installed')
def test_benchmark_extraction_times_the_flow_stream():
    args = ['--duration', '0.5', '--width', '64', '--height', '48', '--crop-size', '32', '--flow']
    result = run_tool([sys.executable, 'tools/analysis/benchmark_extraction.py', *args])
    rows = [line.split('|')[1].strip() for line in result.stdout.splitlines() if '| ' in line]
    assert rows == ['stage', 'decode + resize / crop', 'TV-L1 flow', 'I3D flow', 'total']
