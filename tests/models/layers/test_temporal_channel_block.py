import pytest
import torch

from dad_plugins.testing import TINY_ATTENTION, assert_padding_invariant, build_module, ragged_masks


def build(**kwargs):
    cfg = dict(TINY_ATTENTION, type='TemporalChannelBlock')
    return build_module(cfg, **kwargs).eval()


def test_fusion_of_temporal_and_channel_attention():
    block = build(theta=0.3, window_size=3)
    x = torch.randn(2, 16, 12)
    y = block.attn_norm(x.transpose(1, 2)).transpose(1, 2)
    attended = 0.7 * block.temporal(y) + 0.3 * block.channel(y)
    hidden = x + attended
    ffn = block.ffn(block.ffn_norm(hidden.transpose(1, 2)).transpose(1, 2))
    torch.testing.assert_close(block(x), hidden + ffn)


def test_theta_zero_builds_no_channel_branch():
    assert build(theta=0.0).channel is None
    with pytest.raises(ValueError, match='theta'):
        build(theta=1.5)


@pytest.mark.parametrize('window', [None, 5])
def test_padding_invariance(window):
    block = build(window_size=window)
    x = torch.randn(2, 16, 15)
    masks = ragged_masks([15, 7])
    assert_padding_invariant(block, x, masks)
