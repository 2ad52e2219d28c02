"""Registries of dad_plugins: children of mmaction2's, so that one config with
``default_scope = 'dad_plugins'`` builds our parts and mmaction2 / mmengine parts alike.

A lookup of a name that is not ours falls back to the parent registry (``mmaction``, then
``mmengine``). ``locations`` lets the Runner import the modules that register our parts.
"""

from mmaction.registry import DATA_SAMPLERS as MMACTION_DATA_SAMPLERS
from mmaction.registry import DATASETS as MMACTION_DATASETS
from mmaction.registry import EVALUATOR as MMACTION_EVALUATOR
from mmaction.registry import FUNCTION as MMACTION_FUNCTION
from mmaction.registry import HOOKS as MMACTION_HOOKS
from mmaction.registry import LOG_PROCESSORS as MMACTION_LOG_PROCESSORS
from mmaction.registry import LOOPS as MMACTION_LOOPS
from mmaction.registry import METRICS as MMACTION_METRICS
from mmaction.registry import MODEL_WRAPPERS as MMACTION_MODEL_WRAPPERS
from mmaction.registry import MODELS as MMACTION_MODELS
from mmaction.registry import OPTIM_WRAPPER_CONSTRUCTORS as MMACTION_OPTIM_WRAPPER_CONSTRUCTORS
from mmaction.registry import OPTIM_WRAPPERS as MMACTION_OPTIM_WRAPPERS
from mmaction.registry import OPTIMIZERS as MMACTION_OPTIMIZERS
from mmaction.registry import PARAM_SCHEDULERS as MMACTION_PARAM_SCHEDULERS
from mmaction.registry import RUNNERS as MMACTION_RUNNERS
from mmaction.registry import TASK_UTILS as MMACTION_TASK_UTILS
from mmaction.registry import TRANSFORMS as MMACTION_TRANSFORMS
from mmaction.registry import VISBACKENDS as MMACTION_VISBACKENDS
from mmaction.registry import VISUALIZERS as MMACTION_VISUALIZERS
from mmaction.registry import WEIGHT_INITIALIZERS as MMACTION_WEIGHT_INITIALIZERS
from mmengine.registry import Registry

_SCOPE = 'dad_plugins'

RUNNERS = Registry('runner', parent=MMACTION_RUNNERS, scope=_SCOPE)
LOOPS = Registry('loop', parent=MMACTION_LOOPS, scope=_SCOPE, locations=['dad_plugins.engine'])
HOOKS = Registry('hook', parent=MMACTION_HOOKS, scope=_SCOPE, locations=['dad_plugins.engine'])
LOG_PROCESSORS = Registry('log_processor', parent=MMACTION_LOG_PROCESSORS, scope=_SCOPE)

DATASETS = Registry(
    'dataset', parent=MMACTION_DATASETS, scope=_SCOPE, locations=['dad_plugins.datasets']
)
DATA_SAMPLERS = Registry(
    'data sampler', parent=MMACTION_DATA_SAMPLERS, scope=_SCOPE, locations=['dad_plugins.datasets']
)
TRANSFORMS = Registry(
    'transform', parent=MMACTION_TRANSFORMS, scope=_SCOPE, locations=['dad_plugins.datasets']
)
FUNCTIONS = Registry(
    'function', parent=MMACTION_FUNCTION, scope=_SCOPE, locations=['dad_plugins.datasets']
)

MODELS = Registry('model', parent=MMACTION_MODELS, scope=_SCOPE, locations=['dad_plugins.models'])
MODEL_WRAPPERS = Registry(
    'model_wrapper', parent=MMACTION_MODEL_WRAPPERS, scope=_SCOPE, locations=['dad_plugins.models']
)
WEIGHT_INITIALIZERS = Registry('weight initializer', parent=MMACTION_WEIGHT_INITIALIZERS, scope=_SCOPE)
TASK_UTILS = Registry(
    'task util', parent=MMACTION_TASK_UTILS, scope=_SCOPE, locations=['dad_plugins.models']
)

OPTIMIZERS = Registry('optimizer', parent=MMACTION_OPTIMIZERS, scope=_SCOPE)
OPTIM_WRAPPERS = Registry(
    'optim_wrapper', parent=MMACTION_OPTIM_WRAPPERS, scope=_SCOPE, locations=['dad_plugins.engine']
)
OPTIM_WRAPPER_CONSTRUCTORS = Registry(
    'optimizer wrapper constructor',
    parent=MMACTION_OPTIM_WRAPPER_CONSTRUCTORS,
    scope=_SCOPE,
    locations=['dad_plugins.engine'],
)
PARAM_SCHEDULERS = Registry('parameter scheduler', parent=MMACTION_PARAM_SCHEDULERS, scope=_SCOPE)

METRICS = Registry(
    'metric', parent=MMACTION_METRICS, scope=_SCOPE, locations=['dad_plugins.evaluation']
)
EVALUATOR = Registry(
    'evaluator', parent=MMACTION_EVALUATOR, scope=_SCOPE, locations=['dad_plugins.evaluation']
)

VISUALIZERS = Registry(
    'visualizer', parent=MMACTION_VISUALIZERS, scope=_SCOPE, locations=['dad_plugins.visualization']
)
VISBACKENDS = Registry('vis_backend', parent=MMACTION_VISBACKENDS, scope=_SCOPE)
