"""Class-name text embeddings: a cached ``.npy`` or a text encoder config (RefDense CoLV).

The cache is written by ``tools/data/encode_class_names.py`` (see docs/text_embeddings.md), so
that training reads ``(C, D_text)`` float32 rows without loading a text model.
"""

import os
from collections.abc import Mapping, Sequence

import numpy as np
import torch

from dad_plugins.registry import MODELS
from dad_plugins.utils.atomic_write import npy_bytes, write_atomic
from dad_plugins.utils.input_errors import AnnotationError

_TOOL = 'tools/data/encode_class_names.py'


def _load_npy(path: str, class_names: Sequence[str] | None) -> torch.Tensor:
    """Read and check a cached ``(C, D_text)`` embedding file."""
    if not os.path.isfile(path):
        raise FileNotFoundError(
            f'class text embedding file {path!r} does not exist; write it with {_TOOL} '
            '(see docs/text_embeddings.md)'
        )

    def fault(message: str) -> AnnotationError:
        return AnnotationError(path, message, field_name='text_embeddings')

    try:
        array = np.load(path, allow_pickle=False)
    except (OSError, ValueError) as err:
        raise fault(f'not a readable .npy array ({err})') from err
    if array.ndim != 2:
        raise fault(f'expected a 2-D (C, D_text) array, got shape {array.shape}')
    if not np.issubdtype(array.dtype, np.floating):
        raise fault(f'expected floats, got dtype {array.dtype}')
    if array.size == 0:
        raise fault(f'empty array (shape {array.shape})')
    if not np.isfinite(array).all():
        bad = np.flatnonzero(~np.isfinite(array).all(axis=1))
        more = ' ...' if len(bad) > 10 else ''
        raise fault(f'non-finite values in rows {bad[:10].tolist()}{more}')
    if class_names is not None and array.shape[0] != len(class_names):
        raise fault(
            f'{array.shape[0]} rows for {len(class_names)} class names; re-encode them with {_TOOL}'
        )
    return torch.from_numpy(array.astype(np.float32, copy=False))


def load_class_text_embeddings(
    source: str | os.PathLike | Mapping, class_names: Sequence[str] | None = None
) -> torch.Tensor:
    """Class text features ``u_c`` from a cached ``.npy`` or a text encoder config.

    Args:
        source (str | PathLike | dict): A ``.npy`` file of ``(C, D_text)`` floats, or the config
            of a text encoder with an ``encode_class_names`` method, e.g.
            ``dict(type='CLIPTextEncoder', model_name_or_path='checkpoints/clip_text')``.
        class_names (Sequence[str], optional): The ``C`` class names. Required with an encoder
            config; with a ``.npy`` file, the row count is checked against it.

    Returns:
        Tensor: ``(C, D_text)`` float32 on the CPU.

    Raises:
        FileNotFoundError: The ``.npy`` file or the encoder's model is missing.
        AnnotationError: The file is not a finite 2-D float array or its row count differs from
            ``len(class_names)`` (a ``ValueError`` naming the file).
        ValueError: ``source`` is neither form, or an encoder config comes without class names.
    """
    if isinstance(source, Mapping):
        if class_names is None:
            raise ValueError(
                f'class_names are required to encode them with the text encoder {dict(source)}'
            )
        encoder = MODELS.build(source)
        return encoder.encode_class_names(list(class_names)).detach().float().cpu()
    if isinstance(source, str | os.PathLike):
        path = os.fspath(source)
        if not path.endswith('.npy'):
            raise ValueError(
                f'class text embeddings {path!r}: expected a .npy file (written by {_TOOL}) '
                'or a text encoder config dict'
            )
        return _load_npy(path, class_names)
    raise TypeError(
        'class text embeddings must be a .npy path or a text encoder config dict, '
        f'got {type(source).__name__}'
    )


def save_class_text_embeddings(
    path: str | os.PathLike, embeddings: np.ndarray | torch.Tensor
) -> None:
    """Write ``(C, D_text)`` class text embeddings as float32 ``.npy``, atomically.

    The array goes to a temporary file in the destination directory first, then replaces
    ``path``, so a reader never sees a partly written file. Missing directories are created.

    Args:
        path (str | PathLike): Destination, ending in ``.npy``.
        embeddings (np.ndarray | Tensor): ``(C, D_text)`` embeddings.

    Raises:
        ValueError: ``path`` does not end in ``.npy`` or ``embeddings`` is not 2-D.
    """
    path = os.fspath(path)
    if not path.endswith('.npy'):
        raise ValueError(f'class text embedding file {path!r} must end in .npy')
    if isinstance(embeddings, torch.Tensor):
        embeddings = embeddings.detach().cpu().numpy()
    array = np.ascontiguousarray(embeddings, dtype=np.float32)
    if array.ndim != 2:
        raise ValueError(f'class text embeddings must be 2-D (C, D_text), got shape {array.shape}')
    write_atomic(path, npy_bytes(array))
