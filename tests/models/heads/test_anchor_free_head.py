import pytest
import torch

from dad_plugins.registry import MODELS
from dad_plugins.testing import build_module, demo_data_sample, ragged_masks

STRIDES = (1, 2, 4)
HEAD = dict(
    type='AnchorFreeHead',
    num_classes=3,
    in_channels=8,
    feat_channels=8,
    strides=STRIDES,
    regress_ranges=((0, 4), (4, 8), (8, 1000)),
)


def build(**kwargs):
    return build_module(HEAD, **kwargs)


def pyramid(lengths=(16, 10)):
    masks = ragged_masks(lengths)
    feats, level_masks = [], []
    for stride in STRIDES:
        level_masks.append(masks[:, ::stride])
        feats.append(torch.randn(len(lengths), 8, level_masks[-1].shape[1]))
    return feats, level_masks


def test_forward_shapes_and_prior():
    head = build(prior_prob=0.05)
    feats, masks = pyramid()
    logits, offsets = head(feats, masks)
    assert [x.shape for x in logits] == [(2, 3, 16), (2, 3, 8), (2, 3, 4)]
    assert [x.shape for x in offsets] == [(2, 2, 16), (2, 2, 8), (2, 2, 4)]
    assert all((o >= 0).all() for o in offsets)
    bias = head.cls_out.conv.bias
    torch.testing.assert_close(bias.sigmoid(), torch.full_like(bias, 0.05))


def test_loss_terms_and_normaliser():
    head = build(init_loss_norm=10.0, loss_norm_momentum=0.5)
    feats, masks = pyramid()
    samples = [
        demo_data_sample(16, 3, [[2.0, 6.0], [1.0, 14.0]], [0, 2]),
        demo_data_sample(10, 3, [], []),
    ]
    targets = head.get_targets(feats, masks, samples)
    num_positive = targets.positive.sum().item()
    assert num_positive > 0 and not targets.positive[1].any()
    losses = head.loss(feats, masks, samples)
    assert set(losses) == {'loss_cls', 'loss_loc'}
    assert head.loss_normalizer.item() == pytest.approx(0.5 * 10.0 + 0.5 * num_positive)
    logits = torch.cat(head(feats, masks)[0], -1).transpose(1, 2)
    focal = MODELS.build(dict(type='FocalLoss'))
    expected = focal(logits.flatten(0, 1), targets.cls.flatten(0, 1), mask=targets.valid.flatten())
    expected = expected * targets.valid.sum() / head.loss_normalizer
    assert losses['loss_cls'].item() == pytest.approx(expected.item(), rel=1e-5)
    sum(losses.values()).backward()
    assert head.scales.grad is not None


def test_decoding_in_input_tokens_and_soft_nms():
    head = build(test_cfg=dict(max_per_video=2))
    feats, masks = pyramid((16, 16))
    logits = [torch.full((2, 3, x.shape[-1]), -20.0) for x in feats]
    offsets = [torch.zeros(2, 2, x.shape[-1]) for x in feats]
    logits[1][0, 2, 3] = 3.0  # level of stride 2, position 6, class 2
    offsets[1][0, :, 3] = torch.tensor([1.5, 2.0])  # 3 tokens before, 4 after
    logits[0][0, 1, 10] = 1.0  # stride 1, position 10, class 1
    offsets[0][0, :, 10] = torch.tensor([0.02, 0.02])  # 0.04 tokens: below duration_thresh
    logits[2][0, 0, 1] = 0.0  # stride 4, position 4, class 0, tokens [0, 8]
    logits[2][0, 0, 2] = -1.0  # position 8, tokens [4, 12]: decayed by Soft-NMS, then cut
    offsets[2][0, :, 1:3] = 1.0
    head.forward = lambda feats, masks: (tuple(logits), tuple(offsets))
    first = head.predict(feats, masks)[0]
    assert len(first) == 2  # max_per_video
    assert first.labels[0].item() == 2
    torch.testing.assert_close(first.segments[0], torch.tensor([3.0, 10.0]))
    assert first.scores[0].item() == pytest.approx(torch.tensor(3.0).sigmoid().item())
    assert first.labels[1].item() == 0 and first.scores[1].item() == pytest.approx(0.5)
    torch.testing.assert_close(first.segments[1], torch.tensor([0.0, 8.0]))
    head.test_cfg['max_per_video'] = 200
    kept = head.predict(feats, masks)[0]
    assert len(kept) == 3 and 1 not in kept.labels.tolist()  # too short: dropped before NMS
    assert kept.scores[2].item() < torch.tensor(-1.0).sigmoid().item()  # decayed by Soft-NMS


def test_mismatched_levels_raise():
    head = build()
    feats, masks = pyramid()
    with pytest.raises(ValueError, match='levels'):
        head(feats[:2], masks[:2])
    with pytest.raises(ValueError, match='regress_ranges'):
        build(strides=(1, 2))
