import pytest
import torch
from torch import nn

from dad_plugins.registry import MODELS


def per_class_linears(layer):
    """``C`` ``nn.Linear`` layers holding the weights of ``layer``."""
    linears = nn.ModuleList(
        nn.Linear(layer.in_channels, layer.out_channels) for _ in range(layer.num_classes)
    )
    with torch.no_grad():
        for c, linear in enumerate(linears):
            linear.weight.copy_(layer.weight[c])
            linear.bias.copy_(layer.bias[c])
    return linears


def test_shared_input_equals_per_class_linear_layers():
    torch.manual_seed(0)
    layer = MODELS.build(
        dict(type='ClassWiseLinear', num_classes=5, in_channels=12, out_channels=7)
    )
    linears = per_class_linears(layer)
    x = torch.randn(3, 12, 9)  # (B, D, T)
    expected = torch.stack([linear(x.transpose(1, 2)) for linear in linears], dim=1)
    out = layer(x)
    assert out.shape == (3, 5, 9, 7)
    torch.testing.assert_close(out, expected)
    # Eq. (1): f_tc = ReLU(W_c x_t + b_c) for one (t, c) by hand.
    torch.testing.assert_close(
        torch.relu(out[1, 3, 4]), torch.relu(layer.weight[3] @ x[1, :, 4] + layer.bias[3])
    )


def test_class_level_input_equals_per_class_linear_layers():
    torch.manual_seed(0)
    layer = MODELS.build(dict(type='ClassWiseLinear', num_classes=4, in_channels=6, out_channels=1))
    linears = per_class_linears(layer)
    x = torch.randn(2, 4, 11, 6)  # (B, C, T, H)
    expected = torch.stack([linear(x[:, c]) for c, linear in enumerate(linears)], dim=1)
    torch.testing.assert_close(layer(x), expected)


def test_initialisation_bias_switch_and_bad_shapes():
    torch.manual_seed(0)
    layer = MODELS.build(
        dict(type='ClassWiseLinear', num_classes=50, in_channels=16, out_channels=8)
    )
    bound = 16**-0.5
    assert layer.weight.abs().max() <= bound and layer.bias.abs().max() <= bound
    assert layer.weight.std() > 0.8 * bound / 3**0.5  # uniform on [-bound, bound]
    no_bias = MODELS.build(
        dict(type='ClassWiseLinear', num_classes=3, in_channels=4, out_channels=2, bias=False)
    )
    assert no_bias.bias is None
    torch.testing.assert_close(no_bias(torch.zeros(1, 4, 5)), torch.zeros(1, 3, 5, 2))
    with pytest.raises(ValueError, match='expects'):
        no_bias(torch.zeros(1, 5, 5, 4))  # 5 classes instead of 3
