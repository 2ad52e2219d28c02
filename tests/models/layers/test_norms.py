import torch
from torch import nn

from dad_plugins.models.layers import channel_layer_norm


def test_normalises_each_token_over_its_channels():
    torch.manual_seed(0)
    norm = nn.LayerNorm(6)
    x = torch.randn(2, 6, 5) * 3 + 1  # (B, C, T)
    out = channel_layer_norm(norm, x)
    assert out.shape == (2, 6, 5)
    torch.testing.assert_close(out, norm(x.transpose(1, 2)).transpose(1, 2))
    torch.testing.assert_close(out.mean(dim=1), torch.zeros(2, 5), atol=1e-5, rtol=0)


def test_padded_tokens_do_not_change_real_ones():
    norm = nn.LayerNorm(4)
    x = torch.randn(1, 4, 3)
    padded = torch.cat([x, torch.full((1, 4, 2), 1e6)], dim=2)  # (1, 4, 5)
    torch.testing.assert_close(
        channel_layer_norm(norm, padded)[..., :3], channel_layer_norm(norm, x)
    )
