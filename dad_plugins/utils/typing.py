"""Type aliases used across the package."""

from mmaction.structures import ActionDataSample
from mmengine.config import ConfigDict

ConfigType = ConfigDict | dict
OptConfigType = ConfigType | None
MultiConfig = ConfigType | list[ConfigType]
OptMultiConfig = MultiConfig | None
SampleList = list[ActionDataSample]
