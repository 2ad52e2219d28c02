from .runner import run_tool_in_process


def test_prints_the_merged_config_with_overrides():
    args = ['configs/baseline/baseline_synthetic.py', '--cfg-options', 'train_cfg.max_epochs=3']
    result = run_tool_in_process('tools/misc/print_config.py', args)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith('Config:\n')
    assert "default_scope = 'dad_plugins'" in result.stdout  # from _base_/default_runtime.py
    assert 'max_epochs=3' in result.stdout
    assert "type='DenseActionVisualizer'" in result.stdout
