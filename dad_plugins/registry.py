"""Registries of dad_plugins: children of mmaction2's, so that one config with
``default_scope = 'dad_plugins'`` builds our parts and mmaction2 / mmengine parts alike.

A lookup of a name that is not ours falls back to the parent registry (``mmaction``, then
``mmengine``). Each child's ``locations`` lists the modules that register our parts followed by
its parent's, so that a lookup imports both and the fallback finds mmaction2's parts too.
"""

from mmaction import registry as mmaction_registry
from mmengine.registry import Registry

_SCOPE = 'dad_plugins'


def _child(name: str, parent: Registry, *locations: str) -> Registry:
    """A registry of scope ``dad_plugins`` under an mmaction2 registry."""
    return Registry(name, parent=parent, scope=_SCOPE, locations=[*locations, *parent._locations])


RUNNERS = _child('runner', mmaction_registry.RUNNERS)
RUNNER_CONSTRUCTORS = _child('runner constructor', mmaction_registry.RUNNER_CONSTRUCTORS)
LOOPS = _child('loop', mmaction_registry.LOOPS, 'dad_plugins.engine')
HOOKS = _child('hook', mmaction_registry.HOOKS, 'dad_plugins.engine')
LOG_PROCESSORS = _child('log_processor', mmaction_registry.LOG_PROCESSORS)

DATASETS = _child('dataset', mmaction_registry.DATASETS, 'dad_plugins.datasets')
DATA_SAMPLERS = _child('data sampler', mmaction_registry.DATA_SAMPLERS, 'dad_plugins.datasets')
TRANSFORMS = _child('transform', mmaction_registry.TRANSFORMS, 'dad_plugins.datasets')
# Not `_child`: mmaction2's FUNCTION registry names a location that does not exist.
FUNCTIONS = Registry(
    'function', parent=mmaction_registry.FUNCTION, scope=_SCOPE, locations=['dad_plugins.datasets']
)

MODELS = _child('model', mmaction_registry.MODELS, 'dad_plugins.models')
MODEL_WRAPPERS = _child('model_wrapper', mmaction_registry.MODEL_WRAPPERS, 'dad_plugins.models')
WEIGHT_INITIALIZERS = _child('weight initializer', mmaction_registry.WEIGHT_INITIALIZERS)
TASK_UTILS = _child('task util', mmaction_registry.TASK_UTILS, 'dad_plugins.structures')

OPTIMIZERS = _child('optimizer', mmaction_registry.OPTIMIZERS)
OPTIM_WRAPPERS = _child('optim_wrapper', mmaction_registry.OPTIM_WRAPPERS, 'dad_plugins.engine')
OPTIM_WRAPPER_CONSTRUCTORS = _child(
    'optimizer wrapper constructor',
    mmaction_registry.OPTIM_WRAPPER_CONSTRUCTORS,
    'dad_plugins.engine',
)
PARAM_SCHEDULERS = _child('parameter scheduler', mmaction_registry.PARAM_SCHEDULERS)

METRICS = _child('metric', mmaction_registry.METRICS, 'dad_plugins.evaluation')
EVALUATOR = _child('evaluator', mmaction_registry.EVALUATOR, 'dad_plugins.evaluation')

VISUALIZERS = _child('visualizer', mmaction_registry.VISUALIZERS, 'dad_plugins.visualization')
VISBACKENDS = _child('vis_backend', mmaction_registry.VISBACKENDS)
INFERENCERS = _child('inferencer', mmaction_registry.INFERENCERS)
