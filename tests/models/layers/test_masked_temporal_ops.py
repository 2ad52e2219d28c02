import torch
import torch.nn.functional as F

from dad_plugins.models.layers import (
    downsample_mask,
    masked_linear_upsample,
    sinusoidal_position_encoding,
    zero_padding,
)
from dad_plugins.testing import ragged_masks


def test_zero_padding_removes_nan():
    x = torch.full((2, 3, 4), float('nan'))
    out = zero_padding(x, torch.zeros(2, 4, dtype=torch.bool))
    assert out.eq(0).all()
    assert zero_padding(x, None) is x


def test_downsample_mask_keeps_ceil_of_valid_length():
    masks = ragged_masks([9, 8, 1, 0], 9)
    for stride in (1, 2, 4, 8):
        out = downsample_mask(masks, stride)
        assert out.shape == (4, -(-9 // stride))
        assert out.sum(1).tolist() == [-(-n // stride) for n in (9, 8, 1, 0)]
        # Same as max-pooling the (prefix) mask over stride windows.
        pooled = F.max_pool1d(masks[:, None].float(), stride, stride, ceil_mode=True)[:, 0]
        assert out.float().equal(pooled)
    assert downsample_mask(None, 2) is None


def test_upsample_aligns_coarse_tokens_with_their_centres():
    stride, length = 4, 10  # 3 coarse tokens at fine positions 0, 4, 8
    coarse = torch.tensor([[[0.0, 4.0, 8.0]]])
    out = masked_linear_upsample(coarse, None, stride, length)
    expected = torch.tensor([0.0, 1, 2, 3, 4, 5, 6, 7, 8, 8])  # edge replicated after 8
    torch.testing.assert_close(out[0, 0], expected)
    assert masked_linear_upsample(coarse, None, stride, 7).shape == (1, 1, 7)
    single = masked_linear_upsample(torch.ones(1, 2, 1), None, 2, 1)
    assert single.shape == (1, 2, 1)


def test_upsample_ignores_padded_coarse_tokens_and_padded_length():
    stride = 2
    valid = torch.randn(1, 3, 4)  # a video of 7 or 8 fine tokens: 4 coarse tokens
    padded = torch.cat([valid, torch.full((1, 3, 3), float('nan'))], -1)  # (1, 3, 7)
    masks = torch.tensor([[True] * 4 + [False] * 3])
    for length in (7, 8):
        alone = masked_linear_upsample(valid, None, stride, length)
        in_batch = masked_linear_upsample(padded, masks, stride, 13)
        torch.testing.assert_close(in_batch[..., :length], alone)
    assert in_batch[..., 8:].eq(0).all() and torch.isfinite(in_batch).all()


def test_sinusoidal_position_encoding():
    pe = sinusoidal_position_encoding(6, 5)
    assert pe.shape == (5, 6)
    torch.testing.assert_close(pe[0], torch.arange(6.0).sin())
    torch.testing.assert_close(pe[1], torch.arange(6.0).cos())
    torch.testing.assert_close(pe[2], (torch.arange(6.0) / 10000 ** (2 / 5)).sin())
