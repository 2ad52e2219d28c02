"""Loading of mmengine checkpoints: safe by default, with one error line for a file that is no
checkpoint, cannot be loaded safely, or does not fit the model."""

import os
import pickle
import re
import warnings
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import torch
from mmengine.model import is_model_wrapper
from torch import nn

#: What the checkpoints of :class:`~dad_plugins.engine.hooks.SafeCheckpointHook` hold besides
#: tensors and plain containers: numpy scalars (e.g. the ETA in the message hub) and arrays. None
#: of them can call code; ``torch.load(weights_only=True)`` refuses every other global.
SAFE_CHECKPOINT_GLOBALS = [
    np._core.multiarray.scalar,
    np._core.multiarray._reconstruct,
    np.ndarray,
    np.dtype,
    *(type(np.dtype(kind)) for kind in ('bool', 'int8', 'int16', 'int32', 'int64')),
    *(type(np.dtype(kind)) for kind in ('uint8', 'uint16', 'uint32', 'uint64')),
    *(type(np.dtype(kind)) for kind in ('float16', 'float32', 'float64')),
]

#: The names that mmengine's ``CheckpointHook`` gives the checkpoints of a run.
_NUMBERED_CHECKPOINT = re.compile(r'(?:epoch|iter)_(\d+)\.pth')

#: How torch's safe unpickler names a global it refuses.
_REFUSED_GLOBAL = re.compile(r'GLOBAL ([\w.]+)')


class CheckpointMismatchError(ValueError):
    """A checkpoint that cannot be read, cannot be read safely, or does not fit the model."""


@contextmanager
def checkpoint_loading(trust: bool = False) -> Iterator[None]:
    """Within the block, ``torch.load`` calls that do not choose (mmengine's ``resume`` and
    ``load_from``) read checkpoints safely, or in full when ``trust``.

    Safe loading is torch's ``weights_only=True`` with :data:`SAFE_CHECKPOINT_GLOBALS` allowed:
    a crafted pickle cannot run code, and checkpoints of older mmengine runs (whose message hub
    pickles ``getattr``) are refused. ``trust`` loads every pickle, as torch did before 2.6, for
    the duration of the block only.

    Args:
        trust (bool): Load pickles in full. Defaults to False.
    """
    if not trust:
        with torch.serialization.safe_globals(SAFE_CHECKPOINT_GLOBALS):
            yield
        return
    previous = os.environ.get('TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD')
    os.environ['TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD'] = '1'
    try:
        yield
    finally:
        if previous is None:
            del os.environ['TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD']
        else:
            os.environ['TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD'] = previous


def read_checkpoint(path: str, trust: bool = False) -> dict:
    """The checkpoint at ``path``, loaded safely (see :func:`checkpoint_loading`) unless ``trust``.

    Args:
        path (str): The checkpoint file.
        trust (bool): Load the pickle in full (it may run code). Defaults to False.

    Returns:
        dict: The checkpoint (``state_dict`` and, from the Runner, ``meta``, ``message_hub``...).

    Raises:
        CheckpointMismatchError: One line naming the file: missing, no readable checkpoint, or
            holding something that safe loading refuses.
    """
    if not os.path.isfile(path):
        raise CheckpointMismatchError(f'{path}: no such checkpoint file')
    try:
        with checkpoint_loading(trust):
            checkpoint = torch.load(path, map_location='cpu', weights_only=not trust)
    except pickle.UnpicklingError as error:
        refused = _REFUSED_GLOBAL.search(str(error))
        if refused is None:
            raise CheckpointMismatchError(_unreadable(path, error)) from None
        raise CheckpointMismatchError(
            f'{path}: refused to load the checkpoint safely: it holds {refused.group(1)}, which '
            'could run code when loaded; --trust-checkpoint loads it in full if you trust the '
            'file (e.g. a checkpoint of an older mmengine run)'
        ) from None
    except Exception as error:  # truncated, empty, text or random bytes: any unpickling fault
        raise CheckpointMismatchError(_unreadable(path, error)) from None
    if not isinstance(checkpoint, dict) or not isinstance(
        checkpoint.get('state_dict', checkpoint), dict
    ):
        raise CheckpointMismatchError(f'{path}: not a checkpoint (no state_dict)')
    return checkpoint


def _unreadable(path: str, error: Exception) -> str:
    """One line: the file and the first line of what the unpickler reported."""
    detail = str(error).split('WeightsUnpickler error:')[-1].strip().split('\n')[0]
    reason = f'{type(error).__name__}: {detail}' if detail else type(error).__name__
    return f'{path}: cannot read the checkpoint ({reason}); is it a whole checkpoint file?'


def latest_checkpoint(work_dir: str) -> str | None:
    """The checkpoint ``--resume`` without a path continues from.

    mmengine takes the path that ``work_dir/last_checkpoint`` names, so an empty file, a path
    that no longer exists or a truncated checkpoint stops the resumed run although intact
    checkpoints are there. Here the named checkpoint is taken only when it is a whole file (a
    complete zip archive, as ``torch.save`` writes); otherwise the whole ``epoch_N.pth`` /
    ``iter_N.pth`` with the largest ``N``.

    Args:
        work_dir (str): The run's work dir.

    Returns:
        str | None: The checkpoint, or None when the work dir holds no whole one.
    """
    pointer = Path(work_dir, 'last_checkpoint')
    named = pointer.read_text().strip() if pointer.is_file() else ''
    if named and zipfile.is_zipfile(named):
        return named
    numbered = [
        (int(match.group(1)), path)
        for path in Path(work_dir).glob('*_*.pth')
        if (match := _NUMBERED_CHECKPOINT.fullmatch(path.name)) and zipfile.is_zipfile(path)
    ]
    return str(max(numbered)[1]) if numbered else None


def check_checkpoint_fits(model: nn.Module, checkpoint: dict, path: str, strict: bool = True):
    """Refuse a checkpoint that would leave part of ``model`` untrained.

    mmengine loads ``load_from`` non-strictly: a checkpoint of another model, or a head with
    another class count, loads nothing (or not the head) and the model is then tested with
    random weights. Here every parameter and buffer of the model must be in the checkpoint with
    its shape, and the checkpoint may hold nothing else except the parameters of loss modules
    (names with a ``loss_`` part, e.g. CoLV's projection): losses do not change predictions, so
    a model tested without them (``model.head.loss_colv=None``) still fits.

    Args:
        model (nn.Module): The model (a DDP wrapper is unwrapped).
        checkpoint (dict): The checkpoint, from :func:`read_checkpoint`.
        path (str): Its file, for the message.
        strict (bool): Raise on a mismatch; otherwise only warn. Defaults to True.

    Raises:
        CheckpointMismatchError: One line naming the file and the first differing keys.
    """
    model = model.module if is_model_wrapper(model) else model
    weights = checkpoint.get('state_dict', checkpoint)
    expected = model.state_dict()
    missing = [key for key in expected if key not in weights]
    unexpected = [
        key
        for key in weights
        if key not in expected and not any(part.startswith('loss_') for part in key.split('.'))
    ]
    reshaped = [
        key
        for key in expected
        if key in weights and tuple(weights[key].shape) != tuple(expected[key].shape)
    ]
    problems = []
    if missing:
        problems.append(f'{len(missing)} model weights missing, e.g. {missing[0]!r}')
    if unexpected:
        problems.append(f'{len(unexpected)} unknown weights, e.g. {unexpected[0]!r}')
    if reshaped:
        key = reshaped[0]
        problems.append(
            f'{len(reshaped)} weights of another shape, e.g. {key!r}: '
            f'{tuple(weights[key].shape)} for {tuple(expected[key].shape)}'
        )
    if not problems:
        return
    message = (
        f'{path}: the checkpoint does not fit the model ({"; ".join(problems)}); is it a '
        'checkpoint of this config?'
    )
    if strict:
        raise CheckpointMismatchError(f'{message} --no-strict loads it anyway')
    warnings.warn(message, stacklevel=2)
