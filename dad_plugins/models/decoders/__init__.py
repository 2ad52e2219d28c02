"""Query decoders: from encoder features and proposals to per-layer query outputs
(``LayerOutput``) that a set-prediction head classifies."""

from .decoder_output import LayerOutput
from .dual_branch_decoder import DualBranchDecoder

__all__ = ['DualBranchDecoder', 'LayerOutput']
