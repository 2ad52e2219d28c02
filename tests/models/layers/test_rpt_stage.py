import pytest
import torch

from dad_plugins.registry import MODELS
from dad_plugins.testing import ragged_masks


@pytest.mark.parametrize('stride,pos_encoding', [(1, 'relative'), (4, 'absolute'), (2, 'none')])
def test_strided_stage_is_padding_invariant(stride, pos_encoding):
    torch.manual_seed(0)
    stage = MODELS.build(
        dict(
            type='RPTStage',
            in_channels=6,
            embed_dims=8,
            stride=stride,
            num_blocks=2,
            num_heads=2,
            mlp_ratio=2,
            max_relative_distance=2,
            pos_encoding=pos_encoding,
        )
    )
    stage.init_weights()
    x = torch.randn(2, 6, 13)
    masks = ragged_masks([13, 7], 13)
    out, out_masks = stage(x, masks)
    assert out.shape == (2, 8, -(-13 // stride))
    num_valid = -(-7 // stride)
    assert out_masks[1].sum() == num_valid and out[1, :, num_valid:].eq(0).all()
    alone, alone_masks = stage(x[1:, :, :7])
    assert alone_masks is None and alone.shape[-1] == num_valid
    torch.testing.assert_close(out[1:, :, :num_valid], alone, rtol=1e-4, atol=1e-5)


def test_projection_only_stage():
    stage = MODELS.build(dict(type='RPTStage', in_channels=6, embed_dims=8, num_blocks=0))
    out, _ = stage(torch.randn(1, 6, 5))
    assert out.shape == (1, 8, 5) and stage.out_norm is None
