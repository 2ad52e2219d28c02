"""Datasets: annotation readers, label rule, windowing, transforms, collate, synthetic generator."""

from .transforms import *  # noqa: F401,F403
