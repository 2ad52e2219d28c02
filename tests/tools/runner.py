"""Run the command-line tools, in a subprocess or in this process, on a synthetic dataset folder."""

import io
import json
import os
import runpy
import socket
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def data_options(root: Path, epochs: int) -> list[str]:
    """``--data-root`` that points every loader at ``root``, and ``--cfg-options`` that shorten
    training."""
    return [
        '--data-root',
        str(root),
        '--cfg-options',
        f'train_cfg.max_epochs={epochs}',
        'train_cfg.val_interval=1',
        'default_hooks.logger.interval=1',
    ]


def free_port() -> int:
    """A TCP port of this machine that no process listens on now."""
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def run_tool(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    """Run ``args`` from the repository root; fail with the tail of its output."""
    env = dict(os.environ, OMP_NUM_THREADS='1', PYTHONPATH=str(REPO))
    result = subprocess.run(args, cwd=REPO, env=env, capture_output=True, text=True, **kwargs)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result


def run_tool_in_process(
    script: str, args: list[str], cwd: Path = REPO
) -> subprocess.CompletedProcess:
    """Run ``python script args`` from ``cwd`` in this process, as the interpreter would: the exit
    status (a ``SystemExit`` message is printed to stderr and gives 1) and what it printed. The
    arguments, working directory and environment are restored afterwards; any other exception
    propagates, with its traceback."""
    stdout, stderr = io.StringIO(), io.StringIO()
    argv, environ, previous = sys.argv, dict(os.environ), os.getcwd()
    sys.argv = [script, *args]
    os.chdir(cwd)
    try:
        with redirect_stdout(stdout), redirect_stderr(stderr):
            try:
                runpy.run_path(str(REPO / script), run_name='__main__')
                status = 0
            except SystemExit as exit:
                status = exit.code if isinstance(exit.code, int) else int(exit.code is not None)
                if isinstance(exit.code, str):
                    print(exit.code, file=sys.stderr)
    finally:
        sys.argv = argv
        os.chdir(previous)
        os.environ.clear()
        os.environ.update(environ)
    return subprocess.CompletedProcess(
        [script, *args], status, stdout.getvalue(), stderr.getvalue()
    )


def json_records(path: Path) -> list[dict]:
    """The records of an mmengine JSON-lines log."""
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def metric_items(record: dict) -> dict:
    """The mAP entries of a log record."""
    return {key: value for key, value in record.items() if 'mAP' in key}


def last_metrics(records: list[dict]) -> dict:
    """The mAP entries of the last log record that has any."""
    return [metric_items(record) for record in records if metric_items(record)][-1]


def run_train(config: str, work_dir: Path, options: list[str]) -> list[dict]:
    """Train ``config`` with ``tools/train.py`` into ``work_dir``; the records of its scalar log."""
    run_tool([sys.executable, 'tools/train.py', config, '--work-dir', str(work_dir), *options])
    return train_records(work_dir)


def train_records(work_dir: Path) -> list[dict]:
    """The records of the scalar log of the one training run in ``work_dir``."""
    (scalars,) = work_dir.glob('*/vis_data/scalars.json')
    return json_records(scalars)


def run_test(
    config: str, checkpoint: Path, work_dir: Path, options: list[str]
) -> tuple[dict, subprocess.CompletedProcess]:
    """Test ``checkpoint`` with ``tools/test.py``; the last record of its log and the process."""
    result = run_tool(
        [
            sys.executable,
            'tools/test.py',
            config,
            str(checkpoint),
            '--work-dir',
            str(work_dir),
            *options,
        ]
    )
    (log,) = work_dir.glob('*/*.json')
    return json_records(log)[-1], result
