import pytest
import torch

from dad_plugins.models.layers import instance_segments
from dad_plugins.testing import build_module, ragged_masks

DIMS = 32
DECODER = dict(type='DualBranchDecoder', embed_dims=DIMS, num_queries=6, num_heads=4, num_points=2)


def build(num_layers=2, **kwargs):
    return build_module(DECODER, num_layers=num_layers, ffn_ratio=2.0, dropout=0.0, **kwargs).eval()


def inputs(batch=2, tokens=16, queries=6):
    torch.manual_seed(0)
    feats = torch.randn(batch, DIMS, tokens)
    masks = ragged_masks([tokens, 9])
    start = torch.rand(batch, queries, 1) * 0.6
    proposals = torch.cat([start, start + torch.rand(batch, queries, 1) * 0.4], dim=-1)
    return feats, masks, proposals, torch.randn(batch, queries, DIMS)


def test_joint_initialisation_splits_the_proposal_feature():
    decoder = build()
    feats, masks, proposals, proposal_feats = inputs()
    positions, contents = decoder._init_queries(2, proposals, proposal_feats, feats.device)
    q = DIMS // 4
    torch.testing.assert_close(contents['start'], proposal_feats[..., :q])
    torch.testing.assert_close(contents['end'], proposal_feats[..., q : 2 * q])
    torch.testing.assert_close(contents['instance'], proposal_feats[..., 2 * q :])
    torch.testing.assert_close(positions['start'], proposals[..., :1])
    torch.testing.assert_close(instance_segments(positions['instance']), proposals)


def test_outputs_of_every_layer():
    decoder = build()
    feats, masks, proposals, proposal_feats = inputs()
    outputs, query_masks = decoder(feats, masks, proposals, proposal_feats)
    assert len(outputs) == 2 and query_masks.all()
    assert decoder.set_dims == {'instance': DIMS // 2}
    ((name, (cls_feats, segments)),) = outputs[-1].items()
    assert name == 'instance'
    assert cls_feats.shape == (2, 6, DIMS // 2) and segments.shape == (2, 6, 2)
    assert (segments[..., 1] >= segments[..., 0]).all()


def test_positions_stay_in_unit_interval():
    """Large regression offsets and mutual refinement never push a reference point (the
    position vectors fed to the cross-attention) out of [0, 1] or make a duration negative."""
    decoder = build(num_layers=3)
    with torch.no_grad():
        for heads in decoder.reg_heads.values():
            for head in heads:
                head[-1].weight.normal_(0, 5.0)
                head[-1].bias.normal_(0, 5.0)
    seen = []

    def record(module, args):
        seen.append(args[1].detach())

    for branch in decoder.layers.values():
        for layer in branch:
            layer.cross_attn.register_forward_pre_hook(record)
    feats, masks, proposals, proposal_feats = inputs()
    outputs, _ = decoder(feats, masks, proposals, proposal_feats)
    assert len(seen) == 3 * 3  # layers x groups (instance, start, end)
    for reference in seen:
        assert reference.min() >= 0 and reference.max() <= 1
    for output in outputs:
        for _, segments in output.values():
            assert segments.min() >= 0 and segments.max() <= 1


@pytest.mark.parametrize(
    'kwargs, sets',
    [
        (dict(query_levels='instance', mutual_refinement='none'), {'instance': DIMS}),
        (dict(query_levels='boundary', mutual_refinement='none'), {'boundary': DIMS}),
        (
            dict(two_branch=False, aligned=False, query_init='learned', mutual_refinement='none'),
            {'instance': DIMS, 'boundary': 2 * DIMS},
        ),
        (
            dict(aligned=False, query_init='learned', mutual_refinement='none'),
            {'instance': DIMS // 2, 'boundary': DIMS // 2},
        ),
        (dict(query_init='learned'), {'instance': DIMS // 2}),
        (dict(query_init='position'), {'instance': DIMS // 2}),
        (dict(query_init='full_position'), {'instance': DIMS // 2}),
        (dict(mutual_refinement='boundary_first'), {'instance': DIMS // 2}),
        (dict(mutual_refinement='instance_first'), {'instance': DIMS // 2}),
        (dict(mutual_refinement='last_layer'), {'instance': DIMS // 2}),
        (dict(refine_content=True), {'instance': DIMS // 2}),
    ],
)
def test_ablation_switches(kwargs, sets):
    decoder = build(**kwargs).train()
    feats, masks, proposals, proposal_feats = inputs()
    outputs, _ = decoder(feats, masks, proposals, proposal_feats)
    assert decoder.set_dims == sets
    assert set(outputs[-1]) == set(sets)
    for name, (cls_feats, segments) in outputs[-1].items():
        assert cls_feats.shape == (2, 6, sets[name]) and segments.shape == (2, 6, 2)
    loss = sum(s.sum() + f.sum() for out in outputs for f, s in out.values())
    loss.backward()


def test_last_layer_refinement_only_refines_at_the_end():
    decoder = build(mutual_refinement='last_layer', aligned=True)
    feats, masks, proposals, proposal_feats = inputs()
    calls = []
    import dad_plugins.models.decoders.dual_branch_decoder as module

    original = module.mutual_refinement
    module.mutual_refinement = lambda *args: calls.append(args[-1]) or original(*args)
    try:
        decoder(feats, masks, proposals, proposal_feats)
    finally:
        module.mutual_refinement = original
    assert calls == ['parallel']


def test_learned_queries_need_no_proposals_and_joint_needs_them():
    feats, masks, _, _ = inputs()
    outputs, query_masks = build(query_init='learned')(feats, masks)
    assert outputs[-1]['instance'][1].shape == (2, 6, 2) and query_masks.all()
    with pytest.raises(ValueError, match='proposals'):
        build()(feats, masks)


def test_masked_queries_and_pyramid_input():
    decoder = build(num_levels=2)
    feats, masks, proposals, proposal_feats = inputs()
    pyramid = [feats, feats[..., ::2]]
    query_masks = torch.tensor([[True] * 6, [False] * 6])  # second video: no proposal at all
    outputs, returned = decoder(pyramid, masks, proposals, proposal_feats, query_masks)
    assert torch.equal(returned, query_masks)
    assert torch.isfinite(outputs[-1]['instance'][0]).all()


def test_invalid_switches_raise():
    with pytest.raises(ValueError, match='aligned'):
        build(aligned=False)  # mutual refinement needs aligned queries
    with pytest.raises(ValueError, match='query_init'):
        build(query_init='random')
    with pytest.raises(ValueError, match='divisible by 4'):
        build(embed_dims=34)


@pytest.mark.parametrize('detach', [True, False])
def test_detach_content_stops_the_gradient_into_proposal_features(detach):
    decoder = build(detach_content=detach)
    feats, masks, proposals, proposal_feats = inputs()
    proposal_feats.requires_grad_(True)
    outputs, _ = decoder(feats, masks, proposals, proposal_feats)
    cls_feats, _ = outputs[-1]['instance']
    (grad,) = torch.autograd.grad(cls_feats.sum(), proposal_feats, allow_unused=True)
    assert grad is None if detach else grad.abs().sum() > 0
