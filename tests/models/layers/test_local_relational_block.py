import torch

from dad_plugins.registry import MODELS
from dad_plugins.testing import ragged_masks


def test_shapes_masking_and_gradients():
    torch.manual_seed(0)
    block = MODELS.build(dict(type='LocalRelationalBlock', embed_dims=8, hidden_dims=16))
    block.init_weights()
    x = torch.randn(2, 8, 9, requires_grad=True)
    masks = ragged_masks([9, 5])
    out = block(x, masks)
    assert out.shape == (2, 8, 9) and out[1, :, 5:].eq(0).all()
    noisy = x.detach().clone()
    noisy[1, :, 5:] = 1e6
    torch.testing.assert_close(block(noisy, masks), out)
    torch.testing.assert_close(block(x[1:, :, :5]), out[1:, :, :5])
    out.sum().backward()
    assert x.grad[1, :, 5:].eq(0).all() and x.grad[0].abs().sum() > 0
    assert block.conv.conv.weight.shape == (16, 1, 3)  # depthwise
