"""Loading of mmengine checkpoints: torch's ``weights_only`` default, and checkpoints that do
not fit the model."""

import os
import warnings

import torch
from mmengine.model import is_model_wrapper
from torch import nn


def allow_mmengine_checkpoints() -> None:
    """Let ``torch.load`` read full mmengine checkpoints (``resume``, ``load_from``).

    Since torch 2.6 ``torch.load`` defaults to ``weights_only=True``, which refuses mmengine
    checkpoints: their ``meta`` holds the message hub, whose history buffers pickle bound methods
    through ``getattr`` (a global that cannot be allow-listed safely). The tools therefore load
    checkpoints as torch did before 2.6. A checkpoint is a pickle: load only files you trust.
    """
    os.environ.setdefault('TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD', '1')


class CheckpointMismatchError(ValueError):
    """A checkpoint whose weights do not fit the model it is loaded into."""


def check_checkpoint_fits(model: nn.Module, path: str, strict: bool = True) -> dict:
    """Refuse a checkpoint that would leave part of ``model`` untrained.

    mmengine loads ``load_from`` non-strictly: a checkpoint of another model, or a head with
    another class count, loads nothing (or not the head) and the model is then tested with
    random weights. Here every parameter and buffer of the model must be in the checkpoint with
    its shape, and the checkpoint may hold nothing else except the parameters of loss modules
    (names with a ``loss_`` part, e.g. CoLV's projection): losses do not change predictions, so
    a model tested without them (``model.head.loss_colv=None``) still fits.

    Args:
        model (nn.Module): The model (a DDP wrapper is unwrapped).
        path (str): The checkpoint file.
        strict (bool): Raise on a mismatch; otherwise only warn. Defaults to True.

    Returns:
        dict: The checkpoint as read, for a caller that loads it (no second read).

    Raises:
        CheckpointMismatchError: One line naming the file and the first differing keys, or
            saying that the file is no readable checkpoint.
    """
    model = model.module if is_model_wrapper(model) else model
    try:
        checkpoint = torch.load(path, map_location='cpu', weights_only=False)
    except FileNotFoundError:
        raise
    except Exception as error:  # truncated, empty, text or random bytes: any unpickling fault
        message = f'{path}: cannot read the checkpoint ({type(error).__name__}: {error})'
        raise CheckpointMismatchError(message.splitlines()[0]) from None
    weights = checkpoint.get('state_dict', checkpoint) if isinstance(checkpoint, dict) else None
    if not isinstance(weights, dict):
        raise CheckpointMismatchError(f'{path}: not a checkpoint (no state_dict)')
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
        return checkpoint
    message = (
        f'{path}: the checkpoint does not fit the model ({"; ".join(problems)}); is it a '
        'checkpoint of this config?'
    )
    if strict:
        raise CheckpointMismatchError(f'{message} --no-strict loads it anyway')
    warnings.warn(message, stacklevel=2)
    return checkpoint
