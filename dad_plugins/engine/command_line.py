"""Command-line options and checks that the tools share."""

import argparse
import os
import os.path as osp
import tempfile

from mmengine.config import Config, DictAction


def add_cfg_options(parser: argparse.ArgumentParser, example: str) -> None:
    """Add ``--cfg-options k=v ...`` (mmengine's ``DictAction``) with ``example`` in its help."""
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        action=DictAction,
        help=f'override config entries, e.g. {example}',
    )


def add_strict_option(parser: argparse.ArgumentParser, what: str) -> None:
    """Add ``--strict / --no-strict`` (default strict) for :func:`check_checkpoint_fits`; ``what``
    the tool does anyway with ``--no-strict`` (e.g. ``'test'``)."""
    parser.add_argument(
        '--strict',
        action=argparse.BooleanOptionalAction,
        default=True,
        help=f'refuse a checkpoint that does not fit the model (--no-strict: warn and {what})',
    )


def add_trust_checkpoint_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--trust-checkpoint``: load checkpoints as full pickles (see
    :func:`~dad_plugins.engine.checkpoint_loading.checkpoint_loading`)."""
    parser.add_argument(
        '--trust-checkpoint',
        action='store_true',
        help='load checkpoints as full pickles, which can run code: only for files you trust '
        '(e.g. of older mmengine runs, which safe loading refuses)',
    )


def load_config(path: str, cfg_options: dict | None = None) -> Config:
    """The config at ``path`` with the ``--cfg-options`` overrides merged."""
    cfg = Config.fromfile(path)
    if cfg_options is not None:
        cfg.merge_from_dict(cfg_options)
    return cfg


def parse_runner_args(
    parser: argparse.ArgumentParser, cfg_options_example: str
) -> argparse.Namespace:
    """Add ``--cfg-options``, ``--launcher`` and ``--local-rank`` to ``parser`` and parse.

    ``LOCAL_RANK`` is set from ``--local-rank`` unless the launcher already set it.

    Args:
        parser (ArgumentParser): The tool's parser with its own arguments.
        cfg_options_example (str): An example override shown in the help of ``--cfg-options``.

    Returns:
        Namespace: The parsed arguments.
    """
    add_cfg_options(parser, cfg_options_example)
    parser.add_argument(
        '--launcher', choices=['none', 'pytorch', 'slurm', 'mpi'], default='none', help='launcher'
    )
    parser.add_argument('--local_rank', '--local-rank', type=int, default=0)
    args = parser.parse_args()
    os.environ.setdefault('LOCAL_RANK', str(args.local_rank))
    return args


def set_work_dir(cfg: Config, args: argparse.Namespace) -> None:
    """``--work-dir``, else the config's ``work_dir``, else ``./work_dirs/<config name>``."""
    if args.work_dir is not None:
        cfg.work_dir = args.work_dir
    elif cfg.get('work_dir') is None:
        cfg.work_dir = osp.join('./work_dirs', osp.splitext(osp.basename(args.config))[0])


def apply_launcher_and_overrides(cfg: Config, args: argparse.Namespace) -> Config:
    """Set the launcher and merge ``--cfg-options`` last, so that they override everything;
    then check that the resulting work dir can be written."""
    cfg.launcher = args.launcher
    if args.cfg_options is not None:
        cfg.merge_from_dict(args.cfg_options)
    check_work_dir(cfg.work_dir)
    return cfg


def check_work_dir(work_dir: str) -> None:
    """Create ``work_dir`` and write a probe file in it, or exit with one ``error:`` line.

    Without this a file in the way, a read-only file system or missing permissions surface as
    a traceback from deep inside the Runner after the model and the data have been built.
    """
    _check_writable_folder(work_dir, f'the work dir {work_dir}')


def check_dump_file(path: str, suffixes: tuple[str, ...]) -> None:
    """Check before inference that a predictions file of a known kind can be written there.

    Its folder is created if missing and must accept files; otherwise one ``error:`` line.
    """
    if not path.endswith(suffixes):
        raise SystemExit(f'error: --dump {path}: the file must end in {" or ".join(suffixes)}')
    folder = osp.dirname(osp.abspath(path))
    _check_writable_folder(folder, f'the folder {folder} of --dump {path}')


def _check_writable_folder(folder: str, label: str) -> None:
    try:
        os.makedirs(folder, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise SystemExit(f'error: cannot write {label}: {reason}') from None
