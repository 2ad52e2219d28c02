"""Evaluation: pure metric functions and the registered mmengine metrics that wrap them."""

from .functional import *  # noqa: F401,F403
from .metrics import *  # noqa: F401,F403
