import torch

from dad_plugins.models.layers import merge_heads, split_heads


def test_head_h_holds_its_slice_of_the_channels():
    tokens = torch.randn(2, 5, 12)  # (B, L, C)
    heads = split_heads(tokens, 3)
    assert heads.shape == (2, 3, 5, 4)
    for h in range(3):
        torch.testing.assert_close(heads[:, h], tokens[..., 4 * h : 4 * (h + 1)])


def test_merge_heads_inverts_split_heads():
    tokens = torch.randn(2, 7, 8)
    torch.testing.assert_close(merge_heads(split_heads(tokens, 4)), tokens)
