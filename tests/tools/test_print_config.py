import sys

from .runner import run_tool


def test_prints_the_merged_config_with_overrides():
    result = run_tool(
        [
            sys.executable,
            'tools/misc/print_config.py',
            'configs/baseline/baseline_synthetic.py',
            '--cfg-options',
            'train_cfg.max_epochs=3',
        ]
    )
    assert result.stdout.startswith('Config:\n')
    assert "default_scope = 'dad_plugins'" in result.stdout  # from _base_/default_runtime.py
    assert 'max_epochs=3' in result.stdout
    assert "type='DenseActionVisualizer'" in result.stdout
