"""What a query decoder hands to its head, layer by layer."""

import torch

#: One decoder layer's output: prediction set name (e.g. ``instance``, ``start``, ``end``) ->
#: (classification features ``(B, N, d)``, normalised segments ``(B, N, 2)`` in ``[0, 1]`` of
#: the input's valid length).
LayerOutput = dict[str, tuple[torch.Tensor, torch.Tensor]]
