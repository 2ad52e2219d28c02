"""Runner set-up and engine parts: distributed initialisation without GPUs, checkpoint loading,
optimiser-wrapper constructors, hooks."""

from .checkpoint_loading import (
    SAFE_CHECKPOINT_GLOBALS,
    CheckpointMismatchError,
    check_checkpoint_fits,
    checkpoint_loading,
    latest_checkpoint,
    read_checkpoint,
)
from .command_line import (
    add_cfg_options,
    add_data_root_option,
    add_strict_option,
    add_trust_checkpoint_option,
    apply_launcher_and_overrides,
    check_dump_file,
    load_config,
    parse_runner_args,
    set_data_root,
    set_work_dir,
)
from .cpu_autocast_optim_wrapper import CPUAutocastOptimWrapper
from .distributed import distributed_session, prepare_cpu_distributed
from .hooks import (
    DenseVisualizationHook,
    MainProcessLoggerHook,
    SafeCheckpointHook,
    trigger_visualization_hook,
)
from .multi_optim_wrapper_constructor import MultiOptimWrapperConstructor
from .quick_run import QUICK_RUN_VARIABLE, apply_quick_run

__all__ = [
    'CPUAutocastOptimWrapper',
    'QUICK_RUN_VARIABLE',
    'add_cfg_options',
    'add_data_root_option',
    'add_strict_option',
    'add_trust_checkpoint_option',
    'load_config',
    'SAFE_CHECKPOINT_GLOBALS',
    'SafeCheckpointHook',
    'CheckpointMismatchError',
    'DenseVisualizationHook',
    'MainProcessLoggerHook',
    'MultiOptimWrapperConstructor',
    'apply_launcher_and_overrides',
    'apply_quick_run',
    'check_checkpoint_fits',
    'checkpoint_loading',
    'check_dump_file',
    'distributed_session',
    'latest_checkpoint',
    'parse_runner_args',
    'prepare_cpu_distributed',
    'read_checkpoint',
    'set_data_root',
    'set_work_dir',
    'trigger_visualization_hook',
]
