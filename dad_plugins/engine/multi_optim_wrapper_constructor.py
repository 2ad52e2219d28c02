"""One optimiser wrapper per sub-module, for models that update their parts in separate steps."""

from mmengine.model import is_model_wrapper
from mmengine.optim import DefaultOptimWrapperConstructor, OptimWrapperDict
from torch import nn

from dad_plugins.registry import OPTIM_WRAPPER_CONSTRUCTORS


@OPTIM_WRAPPER_CONSTRUCTORS.register_module()
class MultiOptimWrapperConstructor:
    """Build an ``OptimWrapperDict`` with one wrapper per named sub-module.

    Each key of ``optim_wrapper_cfg`` names an attribute of the model (e.g. ``assistant`` and
    ``detector`` of :class:`~dad_plugins.models.paradigms.AssistantParadigm`); its value is an
    ordinary optimiser-wrapper config (``type``, ``optimizer``, ``paramwise_cfg``, ...) built
    for that sub-module's parameters with mmengine's ``DefaultOptimWrapperConstructor``::

        optim_wrapper = dict(
            constructor='MultiOptimWrapperConstructor',
            assistant=dict(type='OptimWrapper', optimizer=dict(type='Adam', lr=1e-4)),
            detector=dict(type='AmpOptimWrapper', optimizer=dict(type='Adam', lr=1e-4)),
        )

    Args:
        optim_wrapper_cfg (dict): One optimiser-wrapper config per sub-module name.
        paramwise_cfg (dict, optional): Not supported here: give it per sub-module.
    """

    def __init__(self, optim_wrapper_cfg: dict, paramwise_cfg: dict | None = None) -> None:
        if paramwise_cfg is not None:
            raise ValueError('give paramwise_cfg inside each sub-module optim_wrapper config')
        self.constructors = {}
        for name, cfg in optim_wrapper_cfg.items():
            cfg = dict(cfg)
            self.constructors[name] = DefaultOptimWrapperConstructor(
                cfg, cfg.pop('paramwise_cfg', None)
            )

    def __call__(self, model: nn.Module) -> OptimWrapperDict:
        if is_model_wrapper(model):
            model = model.module
        wrappers = {}
        for name, constructor in self.constructors.items():
            if not hasattr(model, name):
                raise AttributeError(
                    f'optim_wrapper names sub-module {name!r}, but {type(model).__name__} has none'
                )
            wrappers[name] = constructor(getattr(model, name))
        return OptimWrapperDict(**wrappers)
