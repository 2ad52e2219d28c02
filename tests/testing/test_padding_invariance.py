import pytest
import torch

from dad_plugins.testing import assert_padding_invariant, ragged_masks


def masked_sum(feats, masks=None):
    """``(B, D, T)`` sums of 3 neighbouring real tokens, zero on padded ones: invariant."""
    if masks is None:
        masks = torch.ones_like(feats[:, 0], dtype=torch.bool)
    padded = torch.nn.functional.pad(feats.masked_fill(~masks[:, None], 0.0), (1, 1))
    return (padded[..., :-2] + padded[..., 1:-1] + padded[..., 2:]).masked_fill(~masks[:, None], 0)


def inputs():
    torch.manual_seed(0)
    return torch.randn(3, 4, 9), ragged_masks([9, 5, 1])


def test_a_part_that_ignores_padding_passes_and_its_outputs_come_back():
    feats, masks = inputs()
    (out,) = assert_padding_invariant(masked_sum, feats, masks)
    torch.testing.assert_close(out, masked_sum(feats, masks))
    levels = assert_padding_invariant(  # a strided second level: T' = ceil(T / 2)
        lambda x, m: [masked_sum(x, m), masked_sum(x, m)[..., ::2]], feats, masks
    )
    assert [level.shape[-1] for level in levels] == [9, 5]


@pytest.mark.parametrize(
    'forward, message',
    [
        pytest.param(lambda x, m: masked_sum(x), 'padding nan', id='reads padded tokens'),
        pytest.param(
            lambda x, m: masked_sum(x, m) + x.mean((1, 2), keepdim=True),
            'padding nan',
            id='pools over padded tokens',
        ),
        pytest.param(
            lambda x, m: masked_sum(x, m) * x.shape[-1],
            'not close',
            id='depends on the padded length',
        ),
        pytest.param(
            lambda x, m: masked_sum(x, m) + (0 if m is None else ~m[:, None]),
            'video 1: padding not 0',
            id='writes padded tokens',
        ),
    ],
)
def test_a_part_that_reads_or_writes_padding_fails(forward, message):
    with pytest.raises(AssertionError, match=message):
        assert_padding_invariant(forward, *inputs())
