import pytest
import torch

from dad_plugins.registry import MODELS
from dad_plugins.testing import demo_data_samples


def build(**kwargs):
    """A head of 4 input channels and 3 classes."""
    return MODELS.build(dict(type='FrameClsHead', in_channels=4, num_classes=3, **kwargs))


def test_branch_weights_fuse_probabilities_and_losses():
    head = build(branch_weights=(0.1, 0.9))
    fine, coarse = torch.randn(1, 4, 6), torch.randn(1, 4, 6)
    masks = torch.ones(1, 6, dtype=torch.bool)
    expected = 0.1 * head.classifier(fine).sigmoid() + 0.9 * head.classifier(coarse).sigmoid()
    torch.testing.assert_close(head.predict((fine, coarse), masks), expected)
    data_samples = demo_data_samples([6], 3)
    loss = head.loss((fine, coarse), masks, data_samples)['loss_cls']
    targets = data_samples[0].gt_frame_labels.t()[None]
    expected_loss = 0.1 * head.loss_cls(
        head.classifier(fine), targets, mask=masks
    ) + 0.9 * head.loss_cls(head.classifier(coarse), targets, mask=masks)
    torch.testing.assert_close(loss, expected_loss)


def test_released_loss_weights_and_logit_fusion():
    # PAT's released Charades script: loss_coarse + 0.1 loss_fine, sigmoid(0.1 l_f + 0.9 l_c).
    head = build(branch_weights=(0.1, 0.9), loss_weights=(0.1, 1.0), fusion='logits')
    fine, coarse = torch.randn(1, 4, 6), torch.randn(1, 4, 6)
    masks = torch.ones(1, 6, dtype=torch.bool)
    expected = (0.1 * head.classifier(fine) + 0.9 * head.classifier(coarse)).sigmoid()
    torch.testing.assert_close(head.predict((fine, coarse), masks), expected)
    data_samples = demo_data_samples([6], 3)
    targets = data_samples[0].gt_frame_labels.t()[None]
    loss_fine = head.loss_cls(head.classifier(fine), targets, mask=masks)
    loss_coarse = head.loss_cls(head.classifier(coarse), targets, mask=masks)
    loss = head.loss((fine, coarse), masks, data_samples)['loss_cls']
    torch.testing.assert_close(loss, loss_coarse + 0.1 * loss_fine)


def test_loss_weights_and_fusion_are_checked():
    with pytest.raises(ValueError, match='one value per branch'):
        build(loss_weights=(0.1, 1.0))
    with pytest.raises(ValueError, match='fusion must be one of'):
        build(fusion='max')


def test_branch_count_must_match_weights():
    head = build()
    with pytest.raises(ValueError, match='2 feature branches but 1 branch_weights'):
        head((torch.randn(1, 4, 5), torch.randn(1, 4, 5)), torch.ones(1, 5, dtype=torch.bool))


def test_colv_loss_on_every_branch_with_its_weight():
    torch.manual_seed(0)
    colv = dict(type='CoLVLoss', in_channels=4, text_embeddings=torch.randn(3, 5))
    head = build(branch_weights=(0.1, 0.9), loss_colv=colv)
    fine, coarse = torch.randn(1, 4, 6), torch.randn(1, 4, 6)
    masks = torch.tensor([[True] * 4 + [False] * 2])
    data_samples = demo_data_samples([6], 3)
    losses = head.loss((fine, coarse), masks, data_samples)
    targets = data_samples[0].gt_frame_labels.t()[None]
    expected = 0.1 * head.loss_colv(fine, targets, masks) + 0.9 * head.loss_colv(
        coarse, targets, masks
    )
    assert set(losses) == {'loss_cls', 'loss_colv'}
    torch.testing.assert_close(losses['loss_colv'], expected)
