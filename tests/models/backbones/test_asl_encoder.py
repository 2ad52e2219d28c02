import pytest
import torch

from dad_plugins.models.backbones.asl_encoder import masked_max_pool
from dad_plugins.testing import (
    TINY_ATTENTION,
    assert_padding_invariant,
    build_module,
    ragged_masks,
)


def build(**kwargs):
    cfg = dict(TINY_ATTENTION, type='ASLEncoder', in_channels=12, num_levels=4, num_stem_blocks=1)
    return build_module(cfg, dropout=0.0, **kwargs).eval()


def test_masked_max_pool_reads_only_valid_tokens():
    x = torch.tensor([[[1.0, -5.0, -2.0, 7.0, 3.0]]])
    masks = torch.tensor([[True, True, True, False, False]])
    out = masked_max_pool(x, masks)  # tokens centred on 0, 2, 4
    torch.testing.assert_close(out, torch.tensor([[[1.0, -2.0, 0.0]]]))
    torch.testing.assert_close(masked_max_pool(x, None), torch.tensor([[[1.0, 7.0, 7.0]]]))


@pytest.mark.parametrize('window', [None, 3, [5, 3, None, None]])
def test_levels_masks_and_padding_invariance(window):
    encoder = build(window_size=window)
    x = torch.randn(3, 12, 37)
    masks = ragged_masks([37, 20, 3], 37)
    feats, level_masks = encoder(x, masks)
    assert [f.shape[-1] for f in feats] == [37, 19, 10, 5]
    assert all(f.shape[:2] == (3, 16) for f in feats)
    for m, num_valid in zip(level_masks, [20, 10, 5, 3]):  # the first tokens of video 1
        assert m[1].tolist() == [True] * num_valid + [False] * (m.shape[1] - num_valid)
    for f, m in zip(feats, level_masks):
        assert f.masked_select(~m[:, None]).eq(0).all()
    assert_padding_invariant(lambda feats, masks: encoder(feats, masks)[0], x, masks)


def test_window_per_level_is_checked():
    with pytest.raises(ValueError, match='levels'):
        build(window_size=[3, 3])
    encoder = build(window_size=[5, 3, None, None])
    assert encoder.stem[0].temporal.window_size == 5
    assert [b.temporal.window_size for b in encoder.branch] == [3, None, None]
