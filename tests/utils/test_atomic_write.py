import os
import stat

import pytest

from dad_plugins.utils.atomic_write import write_atomic


@pytest.mark.parametrize('umask', [0o022, 0o077, 0o002])
def test_the_file_mode_follows_the_umask(tmp_path, umask):
    previous = os.umask(umask)
    try:
        write_atomic(tmp_path / 'sub' / 'out.bin', b'data')
    finally:
        os.umask(previous)
    mode = stat.S_IMODE((tmp_path / 'sub' / 'out.bin').stat().st_mode)
    assert mode == 0o666 & ~umask


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path):
    path = tmp_path / 'out.bin'
    write_atomic(path, b'old')
    with pytest.raises(TypeError):
        write_atomic(path, 'not bytes')
    assert path.read_bytes() == b'old'
    assert [p.name for p in tmp_path.iterdir()] == ['out.bin']
