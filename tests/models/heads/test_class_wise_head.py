import pytest
import torch

from dad_plugins.registry import MODELS
from dad_plugins.testing import demo_data_samples, ragged_masks


def build(**kwargs):
    torch.manual_seed(0)
    return MODELS.build(dict(type='ClassWiseHead', num_classes=4, in_channels=6, **kwargs))


def test_eq_7_per_class_classifiers():
    head = build()
    refined = torch.randn(2, 4, 5, 6)  # (B, C, T, H)
    masks = torch.ones(2, 5, dtype=torch.bool)
    logits = head((torch.randn(2, 4, 5, 6), refined), masks)
    assert logits.shape == (2, 4, 5)
    c = 3
    expected = refined[:, c] @ head.classifier.weight[c, 0] + head.classifier.bias[c, 0]
    torch.testing.assert_close(logits[:, c], expected)
    torch.testing.assert_close(head.predict((refined, refined), masks), logits.sigmoid())


def test_loss_on_initial_and_refined_features():
    head = build(initial_loss_weight=0.5)
    initial, refined = torch.randn(2, 4, 5, 6), torch.randn(2, 4, 5, 6)
    masks = ragged_masks([5, 3])
    data_samples = demo_data_samples([5, 3], 4)
    losses = head.loss((initial, refined), masks, data_samples)
    assert set(losses) == {'loss_cls', 'loss_initial'}
    targets = torch.zeros(2, 4, 5)
    targets[0] = data_samples[0].gt_frame_labels.t()
    targets[1, :, :3] = data_samples[1].gt_frame_labels.t()
    bce = MODELS.build(dict(type='MaskedBCELoss'))
    initial_logits = head.initial_classifier(initial).squeeze(-1)
    torch.testing.assert_close(losses['loss_cls'], bce(head(refined, masks), targets, mask=masks))
    torch.testing.assert_close(
        losses['loss_initial'], 0.5 * bce(initial_logits, targets, mask=masks)
    )
    # Padding never enters the loss.
    initial[1, :, 3:], refined[1, :, 3:] = 1e3, -1e3
    for key, value in head.loss((initial, refined), masks, data_samples).items():
        torch.testing.assert_close(value, losses[key])


def test_without_initial_loss():
    head = build(initial_loss_weight=0)
    assert head.initial_classifier is None
    refined = torch.randn(1, 4, 3, 6)
    losses = head.loss(refined, torch.ones(1, 3, dtype=torch.bool), demo_data_samples([3], 4))
    assert set(losses) == {'loss_cls'}
    with pytest.raises(ValueError, match='initial'):
        build().loss(refined, torch.ones(1, 3, dtype=torch.bool), demo_data_samples([3], 4))
