"""Loading of mmengine checkpoints under torch's ``weights_only`` default."""

import os


def allow_mmengine_checkpoints() -> None:
    """Let ``torch.load`` read full mmengine checkpoints (``resume``, ``load_from``).

    Since torch 2.6 ``torch.load`` defaults to ``weights_only=True``, which refuses mmengine
    checkpoints: their ``meta`` holds the message hub, whose history buffers pickle bound methods
    through ``getattr`` (a global that cannot be allow-listed safely). The tools therefore load
    checkpoints as torch did before 2.6. A checkpoint is a pickle: load only files you trust.
    """
    os.environ.setdefault('TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD', '1')
