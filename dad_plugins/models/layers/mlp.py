"""Small multi-layer perceptron used by query-based heads and decoders."""

from torch import nn


def mlp(in_dims: int, hidden_dims: int, out_dims: int, num_layers: int) -> nn.Sequential:
    """``num_layers`` Linear layers with ReLU in between (DETR's ``MLP``).

    Args:
        in_dims (int): Input channels.
        hidden_dims (int): Hidden channels.
        out_dims (int): Output channels.
        num_layers (int): Number of Linear layers (>= 1).

    Returns:
        nn.Sequential: Acts on the last dimension of ``(..., in_dims)``.
    """
    dims = [in_dims] + [hidden_dims] * (num_layers - 1) + [out_dims]
    modules: list[nn.Module] = []
    for index, (dims_in, dims_out) in enumerate(zip(dims[:-1], dims[1:])):
        if index:
            modules.append(nn.ReLU(inplace=True))
        modules.append(nn.Linear(dims_in, dims_out))
    return nn.Sequential(*modules)
