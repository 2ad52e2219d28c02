import pytest
import torch

from dad_plugins.registry import MODELS
from dad_plugins.testing import build_module, demo_data_sample

from .test_anchor_free_head import HEAD, pyramid


def build(**kwargs):
    return build_module(HEAD, type='ASLHead', **kwargs)


def batch():
    feats, masks = pyramid()
    samples = [
        demo_data_sample(16, 3, [[2.0, 6.0], [3.0, 5.0], [1.0, 14.0]], [0, 1, 2]),
        demo_data_sample(10, 3, [], []),
    ]
    return feats, masks, samples


def test_without_options_it_is_the_plain_head():
    feats, masks, samples = batch()
    plain = MODELS.build(HEAD)
    asl = build()
    asl.load_state_dict(plain.state_dict())
    assert plain.loss(feats, masks, samples) == asl.loss(feats, masks, samples)
    # ASE with neither class-level Gaussians nor instance-level evaluators weights nothing.
    unweighted = build(
        sensitivity_evaluator=dict(cls_mu_init=(), loc_mu_init=(), instance_level=False)
    )
    unweighted.load_state_dict(plain.state_dict(), strict=False)
    losses = unweighted.loss(feats, masks, samples)
    reference = plain.loss(feats, masks, samples)
    for key in ('loss_cls', 'loss_loc'):
        assert losses[key].item() == pytest.approx(reference[key].item(), rel=1e-6)


def test_positive_points_are_weighted_by_their_sensitivity():
    feats, masks, samples = batch()
    head = build(sensitivity_evaluator=dict())
    seen = {}
    for name in ('loss_cls', 'loss_loc'):
        loss = getattr(head, name)
        loss.register_forward_pre_hook(
            lambda module, args, kwargs, name=name: seen.update({name: kwargs['weight']}),
            with_kwargs=True,
        )
    losses = head.loss(feats, masks, samples)
    assert set(losses) == {'loss_cls', 'loss_loc', 'loss_sensitivity'}
    targets = head.get_targets(feats, masks, samples)
    positive = targets.positive.flatten()
    cls_weight = seen['loss_cls'][:, 0]
    assert cls_weight[~positive].eq(1).all()
    # Recompute h^cls of every positive point from its matched instance.
    video, point = targets.positive.nonzero(as_tuple=True)
    segments = samples[0].gt_instances.token_segments[targets.matched[video, point]]
    labels = samples[0].gt_instances.labels[targets.matched[video, point]]
    position = targets.points[point, 0]
    d = (position - segments.mean(1)) / (segments[:, 1] - segments[:, 0])
    ase = head.sensitivity_evaluator
    q_cls, q_loc = (q[video, point] for q in ase.instance_scores(feats, masks))
    h_cls, h_loc = ase.weights(d, labels, q_cls, q_loc)
    torch.testing.assert_close(cls_weight[positive], h_cls)
    torch.testing.assert_close(seen['loss_loc'], h_loc)
    # On the finest level, the shorter of the two overlapping actions owns their shared point.
    stride = targets.points[point, 3]
    assert labels[(position == 4) & (stride == 1)].tolist() == [1]


def test_ascl_and_video_loss_switches():
    feats, masks, samples = batch()
    with_ascl = build(loss_ascl=dict(type='ASCLLoss'), video_loss_weight=0.2)
    losses = with_ascl.loss(feats, masks, samples)
    assert {'loss_ascl', 'loss_video'} <= set(losses)
    full = build(
        sensitivity_evaluator=dict(), loss_ascl=dict(type='ASCLLoss'), video_loss_weight=0.2
    )
    losses = full.loss(feats, masks, samples)
    sum(losses.values()).backward()
    assert full.sensitivity_evaluator.cls_gaussians.mu.grad is not None
    assert full.sensitivity_evaluator.evaluators['cls']['fc'].weight.grad is not None
