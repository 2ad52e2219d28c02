import math

import pytest
import torch
import torch.nn.functional as F

from dad_plugins.models.losses.ascl_loss import sensitive_features
from dad_plugins.registry import MODELS
from dad_plugins.testing import ragged_masks


def build(**kwargs):
    return MODELS.build(dict(type='ASCLLoss', **kwargs))


def test_contrast_by_hand():
    feats = torch.tensor([[1.0, 0.0], [1.0, 1.0], [0.0, 1.0]])
    labels = torch.tensor([0, 0, 1])
    background = torch.tensor([[-1.0, 0.0]])
    loss = build(temperature=0.5, loss_weight=1.0)
    unit = F.normalize(feats, dim=-1)
    bg = F.normalize(background, dim=-1)

    def sim(a, b):
        return math.exp(float(a @ b) / 0.5)

    # Anchors 0 and 1 have one positive each; anchor 2 (class 1 alone) has none.
    terms = []
    for anchor, positive, negatives in ((0, 1, [2]), (1, 0, [2])):
        pos = sim(unit[anchor], unit[positive])
        neg = sum(sim(unit[anchor], unit[n]) for n in negatives) + sim(unit[anchor], bg[0])
        terms.append(-math.log(pos / (pos + neg)))
    expected = sum(terms) / 2
    assert loss.contrast(feats, labels, background).item() == pytest.approx(expected, rel=1e-5)
    weighted = build(temperature=0.5, loss_weight=0.3).contrast(feats, labels, background)
    assert weighted.item() == pytest.approx(0.3 * expected, rel=1e-5)


def test_no_positive_gives_zero_with_gradient():
    feats = torch.randn(2, 4, requires_grad=True)
    out = build().contrast(feats, torch.tensor([0, 1]), torch.zeros(0, 4))
    assert out.item() == 0.0
    out.backward()
    assert feats.grad is not None


def test_sensitive_frames_centre_fallback_and_curves():
    feats = torch.arange(20.0).view(2, 10)  # (C, T): feature of token t is (t, 10 + t)
    valid = torch.ones(10, dtype=torch.bool)
    segments = torch.tensor([[2.0, 7.0]])  # frames 2..7, N_f = 6, delta N_f = 1.2
    f_cls, f_loc, f_bg, has_bg = sensitive_features(feats, valid, segments, 0.2)
    # No sensitivity: anchor at the centre frame 4, frames 3..5, weight 1.
    torch.testing.assert_close(f_cls, feats[:, 3:6].mean(1, keepdim=True).t())
    torch.testing.assert_close(f_loc, f_cls)
    # Background: frames within 1.2 before the start / after the end, outside the instance.
    torch.testing.assert_close(f_bg, feats[:, [1, 8]].mean(1, keepdim=True).t())
    assert has_bg.tolist() == [True]
    # Two localisation Gaussians peaking at the start and the end frames.
    curves = torch.zeros(1, 2, 10)
    curves[0, 0, 2], curves[0, 0, 3], curves[0, 1, 7], curves[0, 1, 6] = 1.0, 0.5, 1.0, 0.25
    _, f_loc, _, _ = sensitive_features(feats, valid, segments, 0.2, loc_curves=curves)
    weights = torch.zeros(10)
    weights[[2, 3, 6, 7]] = torch.tensor([1.0, 0.5, 0.25, 1.0])
    torch.testing.assert_close(f_loc, (feats @ weights / 4)[None])


def test_batch_loss_pulls_cls_and_loc_of_one_class_together():
    torch.manual_seed(0)
    feats = torch.randn(2, 8, 30, requires_grad=True)
    masks = ragged_masks([30, 20])
    segments = [torch.tensor([[3.0, 12.0], [15.0, 25.0]]), torch.tensor([[4.0, 9.0]])]
    labels = [torch.tensor([0, 1]), torch.tensor([0])]
    loss = build()(feats, masks, segments, labels)
    assert loss.item() > 0
    loss.backward()
    assert feats.grad[1, :, 20:].eq(0).all()  # padding is never read
    empty = build()(feats, masks, [torch.zeros(0, 2)] * 2, [torch.zeros(0, dtype=torch.long)] * 2)
    assert empty.item() == 0.0
