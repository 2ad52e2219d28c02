"""dad_plugins: dense (multi-label, per-frame) temporal action detection on mmaction2 registries."""

__version__ = '0.1.0'
