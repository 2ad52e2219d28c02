"""Training paradigms that wrap a detector."""

from .assistant_paradigm import AssistantParadigm

__all__ = ['AssistantParadigm']
