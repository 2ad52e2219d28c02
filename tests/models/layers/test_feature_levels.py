import torch

from dad_plugins.models.layers.feature_levels import FeatureLevels, as_levels


def test_one_mask_is_strided_to_every_level():
    masks = torch.tensor([[True] * 6 + [False] * 2])
    levels = as_levels([torch.zeros(1, 3, 8), torch.zeros(1, 3, 4)], masks)
    assert isinstance(levels, FeatureLevels) and len(levels.feats) == 2
    assert levels.masks[1].tolist() == [[True, True, True, False]]


def test_a_single_map_is_one_level_and_unpacks_as_feats_and_masks():
    (single,), (single_mask,) = as_levels(torch.zeros(1, 3, 8), None)
    assert single_mask.all() and single.shape == (1, 3, 8)
    given = (torch.ones(1, 2, dtype=torch.bool), torch.zeros(1, 1, dtype=torch.bool))
    _, masks = as_levels((torch.zeros(1, 3, 2), torch.zeros(1, 3, 1)), given)
    assert masks == given
