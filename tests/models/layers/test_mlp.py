import torch
from torch import nn

from dad_plugins.models.layers import mlp


def test_mlp_layers_and_shapes():
    net = mlp(8, 16, 2, 3)
    linears = [m for m in net if isinstance(m, nn.Linear)]
    assert [(m.in_features, m.out_features) for m in linears] == [(8, 16), (16, 16), (16, 2)]
    assert sum(isinstance(m, nn.ReLU) for m in net) == 2
    assert net(torch.randn(4, 5, 8)).shape == (4, 5, 2)
    assert len(mlp(8, 16, 2, 1)) == 1
