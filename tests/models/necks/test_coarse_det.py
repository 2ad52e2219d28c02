import pytest
import torch

from dad_plugins.testing import (
    TINY_ATTENTION,
    assert_padding_invariant,
    build_module,
    ragged_masks,
)

from ..backbones.test_fine_det import build as build_fine_det


def build(max_relative_distance=8, **kwargs):
    cfg = dict(TINY_ATTENTION, type='CoarseDet', in_channels=16, embed_dims=8, num_blocks=1)
    neck = build_module(cfg, max_relative_distance=max_relative_distance, **kwargs)
    neck.init_weights()
    return neck


@pytest.mark.parametrize(
    'num_branches,hierarchical', [(1, False), (3, False), (4, False), (2, True), (4, True)]
)
def test_branches_shapes_and_padding_invariance(num_branches, hierarchical):
    neck = build(num_branches=num_branches, hierarchical=hierarchical)
    assert [b.conv.stride for b in neck.branches] == (
        [2] * num_branches if hierarchical else [2**i for i in range(1, num_branches + 1)]
    )
    fine = torch.randn(3, 16, 37)
    masks = ragged_masks([37, 21, 1], 37)
    (out_fine, coarse), out_masks = neck(fine, masks)
    assert out_masks is masks
    assert out_fine is fine and coarse.shape == (3, 8, 37)
    assert_padding_invariant(lambda feats, masks: neck(feats, masks)[0][1], fine, masks)


@pytest.mark.parametrize('hierarchical', [False, True])
def test_branch_inputs(hierarchical):
    neck = build(num_branches=2, hierarchical=hierarchical)
    seen = {}
    for name, branch in zip(('first', 'second'), neck.branches):
        branch.register_forward_hook(
            lambda module, args, out, name=name: seen.update({name: (args[0], out[0])})
        )
    fine = torch.randn(1, 16, 16)
    neck(fine)
    second_input = seen['second'][0]
    if hierarchical:  # Net-v2: the second branch reads the first branch's output
        assert second_input is seen['first'][1] and second_input.shape == (1, 8, 8)
        assert neck.branches[1].conv.conv.in_channels == 8
    else:  # PAT: every branch reads the same fine features
        assert second_input is fine and seen['second'][1].shape == (1, 8, 4)
        assert neck.branches[1].conv.conv.in_channels == 16


def test_relative_distance_per_branch():
    neck = build(num_branches=4, max_relative_distance=255)
    sizes = [b.blocks[0].attn.rel_key_table.shape[0] for b in neck.branches]
    assert sizes == [2 * 127 + 1, 2 * 63 + 1, 2 * 31 + 1, 2 * 15 + 1]


def test_net_v1_reads_input_tokens():
    backbone = build_fine_det(num_blocks=1, return_inputs=True)
    neck = build(in_channels=12, input_source='input')
    x = torch.randn(2, 12, 11, requires_grad=True)
    masks = ragged_masks([11, 5], 11)
    (fine, coarse), _ = neck(*backbone(x, masks))
    assert fine.shape == (2, 16, 11) and coarse.shape == (2, 8, 11)
    (fine.sum() + coarse.sum()).backward()
    assert all(p.grad is not None for p in neck.parameters())
    assert x.grad[1, :, 5:].eq(0).all()
    with pytest.raises(TypeError):
        neck(torch.randn(2, 16, 11), masks)


def test_invalid_arguments():
    with pytest.raises(ValueError):
        build(num_branches=5)
    with pytest.raises(ValueError):
        build(input_source='labels')
