"""Command-line options and checks that the tools share."""

import argparse
import difflib
import os
import os.path as osp
import tempfile

from mmengine.config import Config, DictAction

from dad_plugins.utils.dataset_configs import DATALOADERS, dataset_config

from .quick_run import apply_quick_run


def add_cfg_options(parser: argparse.ArgumentParser, example: str) -> None:
    """Add ``--cfg-options k=v ...`` (mmengine's ``DictAction``) with ``example`` in its help."""
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        action=DictAction,
        help=f'override config entries, e.g. {example}; a key that is not in the config is '
        'refused unless marked new with a leading +, e.g. +model.test_cfg.window_size=128',
    )


def add_data_root_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--data-root DIR``, the folder of the data set for :func:`load_config`."""
    parser.add_argument(
        '--data-root',
        metavar='DIR',
        help='read the data set from this folder: the data_root of the train, val and test '
        'datasets, under which their annotation, class, feature and text-embedding files are read',
    )


def set_data_root(cfg: Config, data_root: str) -> None:
    """Read the train, val and test data sets of ``cfg`` from the folder ``data_root``: set the
    ``data_root`` of each dataset, inside a wrapper that of the dataset it wraps.

    Raises:
        SystemExit: One ``error:`` line when ``data_root`` is not a folder.
    """
    if not osp.isdir(data_root):
        raise SystemExit(f'error: --data-root {data_root}: no such folder')
    for dataloader in DATALOADERS:
        dataset = dataset_config(cfg, dataloader)
        if dataset:
            dataset['data_root'] = data_root


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


def load_config(path: str, cfg_options: dict | None = None, data_root: str | None = None) -> Config:
    """The config at ``path``, its data sets read from ``data_root`` (``--data-root``, see
    :func:`set_data_root`) and then the ``--cfg-options``
    overrides merged; a missing file or a syntax error in it (or in a ``_base_``) is one
    ``error:`` line."""
    try:
        cfg = Config.fromfile(path)
    except (FileNotFoundError, SyntaxError) as error:
        raise SystemExit(f'error: {path}: {str(error).splitlines()[0]}') from None
    if data_root is not None:
        set_data_root(cfg, data_root)
    if cfg_options is not None:
        merge_overrides(cfg, cfg_options)
    return cfg


def merge_overrides(cfg: Config, options: dict) -> None:
    """Merge ``--cfg-options`` into ``cfg``, refusing keys that are not in it.

    mmengine adds any key it is given: a misspelt one (``randomnes.seed=3``) is silently never
    read, and one inside a part (``model.head.num_clases=3``) fails with a traceback from the
    part's constructor. Here every dotted part of a key must name an entry of the config (a
    dict key, or an index into a list) unless the key starts with ``+``
    (``+model.test_cfg.window_size=128``), which adds it.

    Args:
        cfg (Config): The config, changed in place.
        options (dict): Dotted keys (``+`` for new ones) and their values.

    Raises:
        SystemExit: One ``error:`` line naming the first unknown key, with the closest one, or
            the list index that mmengine cannot add.
    """
    for key in options:
        if not key.startswith('+'):
            _check_key_exists(cfg, key)
    try:
        cfg.merge_from_dict({key.removeprefix('+'): value for key, value in options.items()})
    except KeyError as error:  # e.g. an index past the end of a list
        raise SystemExit(f'error: --cfg-options: {error.args[0]}') from None


def _check_key_exists(cfg: Config, key: str) -> None:
    node = cfg
    parts = key.split('.')
    for depth, part in enumerate(parts):
        if isinstance(node, dict | Config) and part in node:
            node = node[part]
            continue
        if isinstance(node, list | tuple) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
            continue
        known = f'{".".join(parts[:depth])}.{part}'.lstrip('.')
        keys = list(node) if isinstance(node, dict | Config) else []
        close = difflib.get_close_matches(part, keys, 1)
        hint = f" (did you mean '{close[0]}'?)" if close else ''
        raise SystemExit(
            f"error: --cfg-options {key}: the config has no '{known}'{hint}; write +{key}=... "
            'to add a new key'
        )


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
    shorten the run when ``DAD_PLUGINS_QUICK=1`` asks for it
    (:func:`~dad_plugins.engine.quick_run.apply_quick_run`); then check that the resulting work
    dir can be written."""
    cfg.launcher = args.launcher
    if args.cfg_options is not None:
        merge_overrides(cfg, args.cfg_options)
    apply_quick_run(cfg)
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
