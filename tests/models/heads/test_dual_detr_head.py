import pytest
import torch

from dad_plugins.testing import build_module, demo_data_sample

C = 4


def build(**kwargs):
    cfg = dict(type='DualDETRHead', num_classes=C, embed_dims=16, set_dims=dict(instance=8))
    return build_module(cfg, **kwargs)


def test_dense_proposals_start_from_the_prior_segments():
    head = build(proposal_width=0.1)
    memory = torch.randn(1, 5, 16)
    centres = torch.tensor([[0.1, 0.3, 0.5, 0.7, 0.9]])
    logits, segments = head.forward_proposals(memory, centres, torch.tensor([0, 0, 0, 1, 1]))
    assert logits.shape == (1, 5, C)
    # Zero-initialised regression: token-centred segments of width 0.1 (0.2 on level 1).
    torch.testing.assert_close(segments[0, 2], torch.tensor([0.45, 0.55]))
    torch.testing.assert_close(segments[0, 3], torch.tensor([0.6, 0.8]))


def test_select_proposals_keeps_the_top_scores_of_real_tokens():
    logits = torch.full((2, 5, C), -5.0)
    logits[0, 3, 1] = 4.0
    logits[0, 1, 0] = 3.0
    logits[1, 4, 2] = 9.0  # a padded token of the second video
    logits[1, 0, 0] = 1.0
    segments = torch.rand(2, 5, 2)
    memory = torch.arange(2 * 5 * 3, dtype=torch.float32).view(2, 5, 3)
    masks = torch.tensor([[True] * 5, [True, True, False, False, False]])
    proposals, feats, query_masks = build().select_proposals(logits, segments, memory, masks, 3)
    torch.testing.assert_close(proposals[0, :2], segments[0, [3, 1]])
    torch.testing.assert_close(feats[0, 0], memory[0, 3])
    assert query_masks.tolist() == [[True, True, True], [True, True, False]]
    assert torch.equal(feats[1, 0], memory[1, 0])


def test_perfect_predictions_have_no_localisation_loss():
    head = build(num_layers=2)
    data_samples = [
        demo_data_sample(10, C, [[2, 4], [2, 4], [6, 9]], [1, 3, 0]),
        demo_data_sample(6, C, [], []),
    ]
    gt = torch.tensor([[0.2, 0.4], [0.2, 0.4], [0.6, 0.9]])
    segments = torch.rand(2, 5, 2).sort(-1).values
    segments[0, [4, 0, 2]] = gt
    # Equal features give equal class costs: the matching is decided by the segments.
    feats = torch.zeros(2, 5, 8, requires_grad=True)
    outputs = [dict(instance=(feats, segments))] * 2
    query_masks = torch.ones(2, 5, dtype=torch.bool)
    enc_segments = torch.rand(2, 7, 2).sort(-1).values
    enc_segments[0, :3] = gt
    enc_logits = torch.zeros(2, 7, C, requires_grad=True)
    losses = head.loss(
        outputs, query_masks, enc_logits, enc_segments, torch.ones(2, 7, dtype=torch.bool),
        data_samples,
    )  # fmt: skip
    assert set(losses) == {
        f'{prefix}loss_{name}' for prefix in ('', 'd0.', 'enc.') for name in ('cls', 'iou', 'l1')
    }
    for prefix in ('', 'd0.', 'enc.'):
        assert losses[f'{prefix}loss_iou'].item() == pytest.approx(0.0, abs=1e-6)
        assert losses[f'{prefix}loss_l1'].item() == pytest.approx(0.0, abs=1e-6)
    sum(losses.values()).backward()
    assert feats.grad.abs().sum() > 0 and enc_logits.grad.abs().sum() > 0


def test_multi_label_span_needs_two_queries_and_masked_queries_are_ignored():
    head = build(num_layers=1)
    data_samples = [demo_data_sample(10, C, [[2, 4], [2, 4]], [1, 3])]
    segments = torch.tensor([[[0.2, 0.4], [0.2, 0.4], [0.5, 0.6]]])
    feats = torch.zeros(1, 3, 8)
    with torch.no_grad():
        head.cls_heads['instance'][0].weight.zero_()
        head.cls_heads['instance'][0].bias.copy_(torch.tensor([-9.0, 9.0, -9.0, 9.0]))
    targets = head.targets(data_samples, torch.device('cpu'))
    both = head.set_loss(*head.classify({'instance': (feats, segments)}, 0)['instance'],
                         torch.ones(1, 3, dtype=torch.bool), targets, 2)  # fmt: skip
    # Query 1 masked: one ground-truth instance must take the far query 2.
    masks = torch.tensor([[True, False, True]])
    one = head.set_loss(*head.classify({'instance': (feats, segments)}, 0)['instance'],
                        masks, targets, 2)  # fmt: skip
    assert both['loss_iou'].item() == pytest.approx(0.0, abs=1e-6)
    assert one['loss_iou'].item() > 0.4


def test_predict_top_pairs_without_masked_queries():
    head = build(num_layers=1)
    with torch.no_grad():
        head.cls_heads['instance'][0].weight.zero_()
        head.cls_heads['instance'][0].bias.copy_(torch.tensor([3.0, 0.0, -3.0, -6.0]))
    segments = torch.tensor([[[0.1, 0.2], [0.5, 0.9]]]).expand(2, -1, -1)
    outputs = [dict(instance=(torch.zeros(2, 2, 8), segments))]
    query_masks = torch.tensor([[True, True], [True, False]])
    lengths = torch.tensor([10, 20])
    first, second = head.predict(outputs, query_masks, lengths, 3)
    assert first.labels.tolist() == [0, 0, 1] and first.scores.shape == (3,)
    assert torch.all(first.scores[:-1] >= first.scores[1:])
    assert second.labels.tolist() == [0, 1, 2]  # only query 0 of the second video exists
    torch.testing.assert_close(second.segments, segments[1, [0, 0, 0]] * 20)  # input tokens
    assert len(head.predict(outputs, query_masks, lengths, 100)[1]) == C


def test_colv_on_matched_queries_uses_the_classes_present_at_the_instance_centre():
    text = torch.randn(C, 6)
    colv = dict(type='CoLVLoss', in_channels=8, text_embeddings=text)
    head = build(num_layers=2, loss_colv=colv)
    # instances: class 1 on [2, 6], class 3 on [3, 5] (inside it), class 0 on [7, 9]
    data_samples = [demo_data_sample(10, C, [[2, 6], [3, 5], [7, 9]], [1, 3, 0])]
    targets = head.targets(data_samples, torch.device('cpu'))
    present = head.present_at_centres(*targets[0])
    # both centres (0.4) are covered by both long instances; 0.8 only by itself
    expected = [[0.0, 1.0, 0.0, 1.0], [0.0, 1.0, 0.0, 1.0], [1.0, 0.0, 0.0, 0.0]]
    assert present.tolist() == expected
    gt = torch.tensor([[0.2, 0.6], [0.3, 0.5], [0.7, 0.9]])
    segments = torch.rand(1, 4, 2).sort(-1).values * 0.1 + 0.9
    segments[0, [3, 0, 1]] = gt  # queries 3, 0, 1 match instances 0, 1, 2
    feats = torch.randn(1, 4, 8, requires_grad=True)
    outputs = [dict(instance=(feats, segments))] * 2
    query_masks = torch.ones(1, 4, dtype=torch.bool)
    enc = torch.zeros(1, 3, C), gt[None], torch.ones(1, 3, dtype=torch.bool)
    losses = head.loss(outputs, query_masks, *enc, data_samples)
    assert 'loss_colv' in losses and 'd0.loss_colv' not in losses and 'enc.loss_colv' not in losses
    expected_loss = head.loss_colv(feats[0, [3, 0, 1]], torch.tensor(expected))
    torch.testing.assert_close(losses['loss_colv'], expected_loss)
    with pytest.raises(ValueError, match="needs an 'instance' prediction set"):
        build(set_dims=dict(boundary=8), loss_colv=colv)
