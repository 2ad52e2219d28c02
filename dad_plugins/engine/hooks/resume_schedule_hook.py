"""Resuming keeps the learning-rate schedule of the config, and the progress of the checkpoint."""

from mmengine.hooks import Hook

from dad_plugins.registry import HOOKS

#: Scheduler attributes that record how far a run has gone; every other attribute (``begin``,
#: ``end``, ``T_max``, ``milestones``, ...) describes the schedule and comes from the config.
PROGRESS_KEYS = frozenset({'last_step', '_global_step', '_last_value'})


@HOOKS.register_module()
class ResumeScheduleHook(Hook):
    """Resume the schedulers' progress, not their shape.

    mmengine restores a scheduler from its whole ``state_dict``, which holds the schedule as the
    first run built it: a cosine schedule whose ``end`` defaulted to that run's ``max_epochs``
    keeps it, so resuming with a larger ``max_epochs`` freezes the learning rate where the first
    run ended instead of following the uninterrupted run. This hook strips everything but the
    progress (:data:`PROGRESS_KEYS`) from the checkpoint's scheduler states before they are
    loaded, so the schedulers keep what the current config builds. With an unchanged config
    nothing changes.
    """

    priority = 'VERY_HIGH'

    def after_load_checkpoint(self, runner, checkpoint: dict) -> None:
        schedulers = checkpoint.get('param_schedulers')
        if schedulers is None:
            return
        groups = schedulers.values() if isinstance(schedulers, dict) else [schedulers]
        for group in groups:
            for index, state in enumerate(group):
                group[index] = {key: state[key] for key in PROGRESS_KEYS if key in state}
