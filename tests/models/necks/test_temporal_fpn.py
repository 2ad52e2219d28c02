import pytest
import torch

from dad_plugins.models.layers import masked_linear_upsample
from dad_plugins.testing import build_module


def pyramid(lengths=(21, 11, 6), valid=(21, 13), channels=8):
    feats, masks = [], []
    for level, length in enumerate(lengths):
        feats.append(torch.randn(len(valid), channels, length))
        stride = 2**level
        masks.append(torch.stack([torch.arange(0, length) * stride < v for v in valid]))
    return feats, masks


def build(**kwargs):
    cfg = dict(type='TemporalFPN', in_channels=8, out_channels=8, num_levels=3)
    return build_module(cfg, **kwargs).eval()


def test_top_down_pathway_by_hand():
    neck = build(with_ln=False)
    feats, masks = pyramid()
    outs, out_masks = neck(feats, masks)
    assert out_masks == tuple(masks)
    lateral = [neck.laterals[i](feats[i], masks[i])[0] for i in range(3)]
    top = lateral[2]
    middle = lateral[1] + masked_linear_upsample(top, masks[2], 2, 11)
    bottom = lateral[0] + masked_linear_upsample(middle, masks[1], 2, 21)
    for out, merged, conv, m in zip(outs, (bottom, middle, top), neck.out_convs, masks):
        torch.testing.assert_close(out, conv(merged, m)[0])


def test_identity_pyramid_only_normalises():
    neck = build(top_down=False)
    assert neck.laterals is None and neck.out_convs is None
    feats, masks = pyramid()
    outs, _ = neck(feats, masks)
    for out, x, m in zip(outs, feats, masks):
        normed = torch.nn.functional.layer_norm(x.transpose(1, 2), (8,)).transpose(1, 2)
        torch.testing.assert_close(out, normed * m[:, None])
    with pytest.raises(ValueError, match='out_channels'):
        build(top_down=False, in_channels=4)


def test_padding_invariance_and_level_count():
    neck = build(in_channels=[8, 8, 8], out_channels=6)
    feats, masks = pyramid()
    outs, _ = neck(feats, masks)
    assert [o.shape for o in outs] == [(2, 6, 21), (2, 6, 11), (2, 6, 6)]
    alone = neck([f[1:, :, : int(m[1].sum())] for f, m in zip(feats, masks)], [None] * 3)[0]
    for a, o in zip(alone, outs):
        torch.testing.assert_close(a, o[1:, :, : a.shape[-1]], rtol=1e-4, atol=1e-5)
    with pytest.raises(ValueError, match='levels'):
        neck(feats[:2], masks[:2])
