import math

import pytest
import torch
import torch.nn.functional as F

from dad_plugins.testing import build_module


def build(**kwargs):
    cfg = dict(type='ActionSensitivityEvaluator', num_classes=4, in_channels=8)
    return build_module(cfg, **kwargs)


def test_gaussian_weights_at_centre_and_boundaries():
    ase = build(instance_level=False)
    d = torch.tensor([-0.5, 0.0, 0.5])  # start, centre and end frames
    labels = torch.tensor([0, 1, 3])
    h_cls, h_loc = ase.weights(d, labels)
    # Classification: one Gaussian at the centre (Eq. (3)), sigma 1.
    torch.testing.assert_close(h_cls, torch.exp(-(d**2) / 2))
    assert h_cls[1] == 1.0 and h_cls[0] == h_cls[2]
    # Localisation: start and end Gaussians (each peaking at its boundary) summed (Eq. (4)).
    start, end = ase.class_curves(d, labels)[1].unbind(-1)
    assert start[0] == 1.0 and end[2] == 1.0
    boundary = 1.0 + math.exp(-0.5)
    torch.testing.assert_close(h_loc, torch.tensor([boundary, 2 * math.exp(-0.125), boundary]))


def test_instance_level_adds_detached_q():
    ase = build()
    d, labels = torch.zeros(2), torch.tensor([0, 2])
    q_cls = torch.tensor([0.2, 0.7], requires_grad=True)
    q_loc = torch.tensor([0.1, 0.4], requires_grad=True)
    h_cls, h_loc = ase.weights(d, labels, q_cls, q_loc)
    torch.testing.assert_close(h_cls, 1.0 + q_cls.detach())
    torch.testing.assert_close(h_loc, 2 * math.exp(-0.125) + q_loc.detach())
    h_cls.sum().backward()
    assert q_cls.grad is None  # q learns from its MSE target only
    only_q = build(class_level=False)
    assert only_q.weights(d, labels, q_cls, q_loc)[0].tolist() == pytest.approx([0.2, 0.7])
    neither = build(class_level=False, instance_level=False)
    assert neither.weights(d, labels)[1].eq(1).all()


def test_ablation_switches():
    shared = build(shared=True, instance_level=False)
    assert shared.loc_gaussians is None
    d, labels = torch.tensor([-0.5, 0.2]), torch.tensor([1, 1])
    h_cls, h_loc = shared.weights(d, labels)
    torch.testing.assert_close(h_cls, h_loc)
    fixed = build(learnable_cls=False, learnable_loc=False, instance_level=False)
    assert not list(fixed.parameters())
    two_cls = build(cls_mu_init=(-0.25, 0.25), loc_mu_init=(), instance_level=False)
    h_cls, h_loc = two_cls.weights(torch.tensor([-0.25]), torch.tensor([0]))
    assert h_cls.item() == pytest.approx(1 + math.exp(-0.125)) and h_loc.item() == 1.0


def test_instance_scores_and_quality_loss():
    ase = build(loss_weight=2.0)
    feats = [torch.randn(2, 8, 6), torch.randn(2, 8, 3)]
    masks = [torch.ones(2, 6, dtype=torch.bool), torch.ones(2, 3, dtype=torch.bool)]
    q_cls, q_loc = ase.instance_scores(feats, masks)
    assert q_cls.shape == q_loc.shape == (2, 9)
    assert ((q_cls > 0) & (q_cls < 1)).all()
    quality_cls, quality_loc = torch.rand(5), torch.rand(5)
    loss = ase.loss(q_cls[0, :5], q_loc[1, :5], quality_cls, quality_loc)
    expected = F.mse_loss(q_cls[0, :5], quality_cls) + F.mse_loss(q_loc[1, :5], quality_loc)
    assert loss.item() == pytest.approx(2.0 * expected.item())
    assert ase.loss(q_cls[0, :0], q_loc[0, :0], quality_cls[:0], quality_loc[:0]).item() == 0


def test_frame_curves_peak_where_the_gaussians_sit():
    ase = build()
    segments = torch.tensor([[2.0, 10.0]])
    cls_curves, loc_curves = ase.frame_curves(segments, torch.tensor([3]), 12)
    assert cls_curves.shape == (1, 1, 12) and loc_curves.shape == (1, 2, 12)
    inside = slice(2, 11)
    assert cls_curves[0, 0, inside].argmax().item() + 2 == 6
    assert loc_curves[0, 0, inside].argmax().item() + 2 == 2
    assert loc_curves[0, 1, inside].argmax().item() + 2 == 10
