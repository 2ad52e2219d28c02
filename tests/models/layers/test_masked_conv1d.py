import pytest
import torch

from dad_plugins.registry import MODELS
from dad_plugins.testing import ragged_masks


@pytest.mark.parametrize('stride', [1, 2, 4])
def test_valid_outputs_match_unpadded_video(stride):
    torch.manual_seed(0)
    conv = MODELS.build(dict(type='MaskedConv1d', in_channels=3, out_channels=5, stride=stride))
    x = torch.randn(2, 3, 11)
    masks = ragged_masks([11, 7], 11)
    out, out_masks = conv(x, masks)
    assert out.shape == (2, 5, -(-11 // stride)) and out_masks.shape == (2, out.shape[-1])
    noisy = x.clone()
    noisy[1, :, 7:] = float('inf')
    torch.testing.assert_close(conv(noisy, masks)[0], out)
    alone, _ = conv(x[1:, :, :7])
    num_valid = int(out_masks[1].sum())
    assert num_valid == alone.shape[-1] == -(-7 // stride)
    torch.testing.assert_close(out[1:, :, :num_valid], alone)
    assert out[1, :, num_valid:].eq(0).all()


def test_even_kernel_is_rejected():
    with pytest.raises(ValueError):
        MODELS.build(dict(type='MaskedConv1d', in_channels=3, out_channels=5, kernel_size=2))
