import json
from types import SimpleNamespace

import pytest

from dad_plugins.engine.hooks import MainProcessLoggerHook, main_process_logger_hook


def stub_runner(tmp_path, lines):
    processor = SimpleNamespace(
        get_log_after_epoch=lambda runner, length, mode, with_non_scalar: (
            {'frame/mAP': 0.25, 'per_class': [0.5, 0.0]},
            f'Epoch({mode}) [{length}/{length}]',
        )
    )
    logger = SimpleNamespace(info=lines.append)
    return SimpleNamespace(
        log_processor=processor,
        logger=logger,
        test_dataloader=[0, 1],
        log_dir=str(tmp_path),
        work_dir=str(tmp_path),
        timestamp='20240101_000000',
    )


@pytest.mark.parametrize('main', [True, False])
def test_only_the_main_process_writes_the_test_metrics(tmp_path, monkeypatch, main):
    monkeypatch.setattr(main_process_logger_hook, 'is_main_process', lambda: main)
    lines = []
    runner = stub_runner(tmp_path, lines)
    hook = MainProcessLoggerHook()
    hook.before_run(runner)
    hook.after_test_epoch(runner, {'frame/mAP': 0.25})
    assert lines == ['Epoch(test) [2/2]']  # every rank logs the line
    path = tmp_path / '20240101_000000.json'
    if main:
        assert json.loads(path.read_text()) == {'frame/mAP': 0.25, 'per_class': [0.5, 0.0]}
    else:
        assert not path.exists()
