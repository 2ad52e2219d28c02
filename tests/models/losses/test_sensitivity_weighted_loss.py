import math

import pytest
import torch

from dad_plugins.models.losses.sensitivity_weighted_loss import (
    instance_positions,
    positive_run_positions,
)
from dad_plugins.registry import MODELS
from dad_plugins.testing import build_module, demo_data_samples, ragged_masks


def build(**kwargs):
    cfg = dict(type='SensitivityWeightedLoss', loss=dict(type='AsymmetricLoss'), num_classes=3)
    return build_module(cfg, **kwargs)


def test_runs_of_positives_are_instances():
    positives = torch.tensor([[0, 1, 1, 1, 1, 1, 0, 1, 0, 1, 1]], dtype=torch.bool)
    d = positive_run_positions(positives)
    expected = [0, -0.5, -0.25, 0, 0.25, 0.5, 0, 0, 0, -0.5, 0.5]
    torch.testing.assert_close(d, torch.tensor([expected]))


def test_all_weights_one_leaves_the_loss_unchanged():
    torch.manual_seed(0)
    logits = torch.randn(2, 3, 9)
    targets = torch.randint(0, 2, (2, 3, 9)).float()
    masks = ragged_masks([9, 6])
    inner = MODELS.build(dict(type='AsymmetricLoss'))
    wrapper = build(mu_init=())
    assert wrapper.gaussians is None
    assert wrapper(logits, targets, mask=masks) == inner(logits, targets, mask=masks)
    weight = torch.rand(2, 3, 9)
    assert wrapper(logits, targets, weight=weight, mask=masks) == inner(
        logits, targets, weight=weight, mask=masks
    )


def test_positive_elements_get_their_class_gaussian():
    wrapper = build(mu_init=(0.0,))
    with torch.no_grad():
        wrapper.gaussians.sigma[1] = 0.5
    logits = torch.zeros(1, 3, 7)
    targets = torch.zeros(1, 3, 7)
    targets[0, 1, 1:6] = 1.0  # one instance of class 1, d = -0.5 .. 0.5
    targets[0, 2, 3] = 1.0  # one-token instance of class 2, d = 0
    weights = wrapper.sensitivity(targets, None)
    d = torch.tensor([-0.5, -0.25, 0.0, 0.25, 0.5])
    torch.testing.assert_close(weights[0, 1, 1:6], torch.exp(-(d**2) / (2 * 0.25)))
    assert weights[0, 2, 3] == 1.0 and weights[0, 0].eq(1).all()
    assert weights[0, 1, 0] == 1.0 and weights[0, 1, 6] == 1.0  # negatives keep 1
    inner = MODELS.build(dict(type='AsymmetricLoss'))
    expected = inner(logits, targets, weight=weights)
    assert wrapper(logits, targets).item() == pytest.approx(expected.item())
    assert weights[0, 1, 1].item() == pytest.approx(math.exp(-0.5))


def test_gaussians_learn_and_padding_is_not_an_instance():
    wrapper = build()
    logits = torch.randn(2, 3, 8, requires_grad=True)
    targets = torch.zeros(2, 3, 8)
    targets[:, 0, 2:8] = 1.0
    masks = ragged_masks([8, 5])
    weights = wrapper.sensitivity(targets, masks)
    assert weights[1, 0, 2] == weights[1, 0, 4]  # run cut at the mask: tokens 2..4, d = -0.5, 0.5
    assert weights[1, 0, 3] == 1.0  # its centre
    wrapper(logits, targets, mask=masks).backward()
    assert wrapper.gaussians.sigma.grad[0].abs().sum() > 0
    assert wrapper.gaussians.mu.grad[1:].eq(0).all()  # classes without instances
    with pytest.raises(ValueError, match='B, C, T'):
        wrapper(logits[0], targets[0])


@pytest.mark.parametrize(
    'head,feats',
    [
        (dict(type='FrameClsHead', in_channels=4, branch_weights=(0.1, 0.9)), 'branches'),
        (dict(type='ClassWiseHead', in_channels=4, initial_loss_weight=0.0), 'class_level'),
    ],
)
def test_as_the_loss_of_frame_level_heads(head, feats):
    loss_cls = dict(type='SensitivityWeightedLoss', loss=dict(type='AsymmetricLoss'), num_classes=3)
    head = MODELS.build(dict(head, num_classes=3, loss_cls=loss_cls))
    # One instance of class 0 on tokens 1 to 3 of each video.
    samples = demo_data_samples([8, 5], 3, token_segments=[[0.5, 3.5]], labels=[0])
    masks = ragged_masks([8, 5])
    if feats == 'branches':
        inputs = (torch.randn(2, 4, 8), torch.randn(2, 4, 8))
    else:
        inputs = torch.randn(2, 3, 8, 4)  # class-level features (B, C, T, H)
    losses = head.loss(inputs, masks, samples)
    losses['loss_cls'].backward()
    assert head.loss_cls.gaussians.sigma.grad[0].abs() > 0


def test_touching_same_class_instances_stay_two():
    # Class 0 is positive on tokens 1..8: two instances that touch at 4.5, tokens 1..4 and 5..8.
    positives = torch.zeros(1, 2, 10, dtype=torch.bool)
    positives[0, 0, 1:9] = True
    positives[0, 1, 2:5] = True  # class 1: positive tokens no instance contains -> its run
    instances = [(torch.tensor([[0.5, 4.5], [4.5, 8.5]]), torch.tensor([0, 0]))]
    d = instance_positions(positives, instances)
    each = [-0.5, -1 / 6, 1 / 6, 0.5]
    torch.testing.assert_close(d[0, 0, 1:9], torch.tensor(each + each))
    torch.testing.assert_close(d[0, 1], positive_run_positions(positives)[0, 1])
    # Without instances the two form one run: d = (t - 4.5) / 7.
    torch.testing.assert_close(
        positive_run_positions(positives)[0, 0, 1:9], (torch.arange(1.0, 9.0) - 4.5) / 7
    )


def test_overlapping_instances_take_the_nearest_centre():
    positives = torch.zeros(1, 1, 10, dtype=torch.bool)
    positives[0, 0, 1:9] = True
    # Tokens 1..6 (centre 3.5) and 4..8 (centre 6): token 4 is nearer the first centre
    # (d = 0.1 vs -0.5), tokens 5 and 6 nearer the second (-0.25, 0).
    instances = [(torch.tensor([[0.5, 6.5], [3.5, 8.5]]), torch.tensor([0, 0]))]
    d = instance_positions(positives, instances)[0, 0]
    expected = [0, -0.5, -0.3, -0.1, 0.1, -0.25, 0, 0.25, 0.5, 0]
    torch.testing.assert_close(d, torch.tensor(expected))


@pytest.mark.parametrize(
    'head,feats',
    [
        (dict(type='FrameClsHead', in_channels=4), torch.randn(1, 4, 10)),
        (dict(type='ClassWiseHead', in_channels=4, initial_loss_weight=0.0), None),
    ],
)
def test_heads_pass_the_ground_truth_instances(head, feats):
    loss_cls = dict(type='SensitivityWeightedLoss', loss=dict(type='AsymmetricLoss'), num_classes=3)
    head = MODELS.build(dict(head, num_classes=3, loss_cls=loss_cls))
    segments = [[0.5, 4.5], [4.5, 8.5]]
    samples = demo_data_samples([10], 3, token_segments=segments, labels=[0, 0])
    masks = ragged_masks([10])
    feats = torch.randn(1, 3, 10, 4) if feats is None else feats
    targets = samples[0].gt_frame_labels.t()[None].float()
    assert targets[0, 0, 1:9].all()  # the two instances touch: one run of positives
    weights = head.loss_cls.sensitivity(
        targets, masks, [(torch.tensor(segments), torch.tensor([0, 0]))]
    )
    logits = head(feats, masks)
    expected = head.loss_cls.loss(logits, targets, weight=weights, mask=masks)
    torch.testing.assert_close(head.loss(feats, masks, samples)['loss_cls'], expected)
