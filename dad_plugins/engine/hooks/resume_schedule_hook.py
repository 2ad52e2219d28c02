"""Resuming follows the learning-rate schedule of the config, as an uninterrupted run would."""

import copy
import warnings

from mmengine.hooks import Hook

from dad_plugins.registry import HOOKS


@HOOKS.register_module()
class ResumeScheduleHook(Hook):
    """Rebuild the schedulers of a resumed run from the config and replay its steps.

    mmengine restores a scheduler from its whole ``state_dict``, which holds the schedule the
    first run built: a schedule whose ``end`` defaulted to that run's ``max_epochs`` keeps it,
    so resuming with a larger ``max_epochs`` freezes the learning rate where the first run
    ended instead of following the uninterrupted run. Before a resumed run trains, this hook
    puts every parameter group back to its initial value, builds the schedulers the current
    config describes and steps them as :class:`~mmengine.hooks.ParamSchedulerHook` would have
    over the iterations and epochs already done (iteration-based ones after every iteration,
    epoch-based ones after every epoch, in config order). The values then equal those of a run
    of the current config that was never interrupted. A run that is not resumed is untouched.
    """

    priority = 'VERY_HIGH'

    def before_train(self, runner) -> None:
        if runner.iter == 0 or runner.param_schedulers is None:
            return
        wrappers = runner.optim_wrapper
        optimizers = (
            [w.optimizer for w in wrappers.values()]
            if hasattr(wrappers, 'values')
            else [wrappers.optimizer]
        )
        for optimizer in optimizers:
            for group in optimizer.param_groups:
                for key in [key for key in group if key.startswith('initial_')]:
                    group[key[len('initial_') :]] = group[key]
        schedulers = runner.build_param_scheduler(copy.deepcopy(runner.cfg.param_scheduler))
        runner.param_schedulers = schedulers
        groups = list(schedulers.values()) if isinstance(schedulers, dict) else [schedulers]
        iters_per_epoch = len(runner.train_dataloader)
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')  # replayed steps come without optimizer steps
            for done in range(1, runner.iter + 1):
                for group in groups:
                    for scheduler in group:
                        if not scheduler.by_epoch:
                            scheduler.step()
                if done % iters_per_epoch == 0:
                    for group in groups:
                        for scheduler in group:
                            if scheduler.by_epoch:
                                scheduler.step()
