import pytest
import torch

from dad_plugins.registry import MODELS
from dad_plugins.testing import demo_data_samples, demo_inputs

NUM_CLASSES, NUM_ENTITY, NUM_MOTION = 5, 3, 4
TEXT = dict(entity=torch.randn(NUM_ENTITY, 6), motion=torch.randn(NUM_MOTION, 6))


def config(**overrides):
    rpt = dict(embed_dims=8, num_heads=2, max_relative_distance=15)
    head = dict(
        type='RefDenseHead',
        in_channels=8,
        num_classes=NUM_CLASSES,
        num_sub_classes=dict(entity=NUM_ENTITY, motion=NUM_MOTION),
        loss_colv={
            kind: dict(type='CoLVLoss', in_channels=8, text_embeddings=text)
            for kind, text in TEXT.items()
        },
    )
    head.update(overrides.pop('head', {}))
    return dict(
        type='RefDense',
        entity_encoder=dict(type='FineDet', in_channels=3, num_blocks=1, **rpt),
        backbone=dict(type='FineDet', in_channels=4, num_blocks=1, **rpt),
        neck=dict(type='CoarseDet', in_channels=8, num_branches=2, num_blocks=1, **rpt),
        head=head,
        **overrides,
    )


def build(**overrides):
    torch.manual_seed(0)
    return MODELS.build(config(**overrides))


def data_samples(lengths):
    return demo_data_samples(
        lengths,
        NUM_CLASSES,
        feature_rate=1.0,
        num_sub_classes=dict(entity=NUM_ENTITY, motion=NUM_MOTION),
    )


def batch(lengths):
    batch = demo_inputs(lengths, dict(feats=4, entity=3))
    return batch['inputs'], batch['masks'], batch['streams']


def test_losses_of_every_part_and_their_gradients():
    model = build()
    inputs, masks, streams = batch([12, 7])
    losses = model(inputs, data_samples([12, 7]), 'loss', masks, streams)
    assert set(losses) == {
        'loss_cls', 'loss_entity', 'loss_motion', 'loss_colv_entity', 'loss_colv_motion'
    }  # fmt: skip
    sum(losses.values()).backward()
    for name, parameter in model.named_parameters():
        assert parameter.grad is not None, name


def test_prediction_shapes_and_padding_invariance():
    model = build().eval()
    inputs, masks, streams = batch([12, 7])
    with torch.no_grad():
        padded = model(inputs, data_samples([12, 7]), 'predict', masks, streams)
        alone = model(
            inputs[1:, :, :7], data_samples([7]), 'predict', masks[1:, :7],
            dict(entity=streams['entity'][1:, :, :7]),
        )  # fmt: skip
    assert [p.pred_frame_scores.shape for p in padded] == [(12, 5), (7, 5)]
    assert torch.allclose(padded[1].pred_frame_scores, alone[0].pred_frame_scores, atol=1e-5)
    logits = model(inputs, mode='tensor', masks=masks, streams=streams)
    assert logits.shape == (2, NUM_CLASSES, 12)


def test_entity_features_guide_the_motion_branch_only_with_cross_attention():
    inputs, masks, streams = batch([10])
    other = dict(entity=torch.randn_like(streams['entity']))
    for cross_attention in (True, False):
        model = build(cross_attention=cross_attention).eval()
        with torch.no_grad():
            (_, motion), _ = model.extract_feat(inputs, masks, streams)
            (_, motion_other), _ = model.extract_feat(inputs, masks, other)
        assert torch.allclose(motion, motion_other) is not cross_attention
    names = [name for name, _ in build(cross_attention=False).named_modules()]
    assert not any('cross_attn' in name for name in names)
    names = [name for name, _ in build().named_modules()]
    assert 'backbone.stage.cross_attn' in names and 'neck.branches.1.cross_attn' in names


@pytest.mark.parametrize(
    'sub_labels, expected',
    [
        ((), {'loss_cls'}),
        (('entity',), {'loss_cls', 'loss_entity', 'loss_colv_entity'}),
        (('motion',), {'loss_cls', 'loss_motion', 'loss_colv_motion'}),
    ],
)
def test_sub_label_ablation_rows(sub_labels, expected):
    model = build(head=dict(sub_labels=sub_labels))
    inputs, masks, streams = batch([9])
    assert set(model(inputs, data_samples([9]), 'loss', masks, streams)) == expected
    assert set(model.head.sub_heads) == set(sub_labels)


def test_without_colv():
    model = build(head=dict(loss_colv=None))
    inputs, masks, streams = batch([9])
    losses = model(inputs, data_samples([9]), 'loss', masks, streams)
    assert set(losses) == {'loss_cls', 'loss_entity', 'loss_motion'}


def test_missing_entity_stream_and_sub_labels_are_clear_errors():
    model = build()
    inputs, masks, _ = batch([6])
    with pytest.raises(KeyError, match="needs the 'entity' feature stream"):
        model(inputs, data_samples([6]), 'loss', masks, {})
    samples = data_samples([6])
    del samples[0].gt_motion_labels
    _, _, streams = batch([6])
    with pytest.raises(KeyError, match='gt_motion_labels'):
        model(inputs, samples, 'loss', masks, streams)
