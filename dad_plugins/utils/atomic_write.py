"""Write files so that a reader sees either the old content or the whole new one."""

import io
import os
import tempfile
from pathlib import Path

import numpy as np


def write_atomic(path: str | os.PathLike, payload: bytes) -> None:
    """Write ``payload`` to a temporary file next to ``path``, then rename it onto ``path``.

    Missing folders are created; the file gets the mode a plain ``open`` would give it
    (``0o666`` less the process umask; ``mkstemp`` alone would leave ``0o600``); the data is
    flushed to disk before the rename; the temporary file is removed if writing fails.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f'.{path.name}.', suffix='.tmp')
    try:
        with os.fdopen(handle, 'wb') as file:
            os.fchmod(file.fileno(), 0o666 & ~_umask())
            file.write(payload)
            file.flush()
            os.fsync(file.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def _umask() -> int:
    """The process umask (reading it means setting it, so it is set straight back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def npy_bytes(array: np.ndarray) -> bytes:
    """The ``.npy`` file content of ``array`` (no pickled objects)."""
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    return buffer.getvalue()
