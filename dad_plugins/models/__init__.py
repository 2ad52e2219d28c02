"""Models: detectors, backbones, necks, query decoders, heads, layers, losses, paradigms."""

from .backbones import *  # noqa: F401,F403
from .decoders import *  # noqa: F401,F403
from .detectors import *  # noqa: F401,F403
from .heads import *  # noqa: F401,F403
from .layers import *  # noqa: F401,F403
from .losses import *  # noqa: F401,F403
from .necks import *  # noqa: F401,F403
from .paradigms import *  # noqa: F401,F403
from .text import *  # noqa: F401,F403
from .utils import *  # noqa: F401,F403
