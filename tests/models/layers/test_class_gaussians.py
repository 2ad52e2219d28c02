import math

import pytest
import torch

from dad_plugins.models.layers import normalised_position
from dad_plugins.registry import MODELS


def build(**kwargs):
    return MODELS.build(dict(type='ClassGaussians', num_classes=3, **kwargs))


def test_normalised_position_is_minus_half_to_half():
    segments = torch.tensor([[2.0, 10.0], [4.0, 4.0]])
    d = normalised_position(torch.tensor([2.0, 6.0, 10.0])[:, None], segments)  # (3, 2)
    torch.testing.assert_close(d[:, 0], torch.tensor([-0.5, 0.0, 0.5]))
    assert d[:, 1].eq(0).all()  # zero-length segment


def test_initial_gaussians_peak_at_their_means():
    cls = build(mu_init=(0.0,))
    loc = build(mu_init=(-0.5, 0.5))
    labels = torch.tensor([0, 1, 2])
    d = torch.tensor([-0.5, 0.0, 0.5])
    p_cls = cls(d, labels)  # (3, 1)
    torch.testing.assert_close(p_cls[:, 0], torch.exp(-(d**2) / 2))
    assert p_cls[1, 0] == 1.0  # the centre frame
    p_loc = loc(d, labels)  # (3, 2): start and end Gaussians
    assert p_loc[0, 0] == 1.0 and p_loc[2, 1] == 1.0  # start frame, end frame
    torch.testing.assert_close(p_loc[0, 1], torch.tensor(math.exp(-0.5)))  # sigma = 1


def test_per_class_parameters_and_clamp():
    gaussians = build(mu_init=(0.0,), sigma_max=5.0, sigma_min=0.1)
    with torch.no_grad():
        gaussians.mu[1] = 0.25
        gaussians.sigma[1] = 100.0  # clamped to 5
        gaussians.sigma[2] = 1e-3  # clamped to 0.1
    d = torch.tensor([0.25, 0.0, 0.1])
    out = gaussians(d, torch.tensor([1, 1, 2]))[:, 0]
    expected = torch.tensor([1.0, math.exp(-(0.25**2) / 50), math.exp(-(0.1**2) / 0.02)])
    torch.testing.assert_close(out, expected)


def test_fixed_and_empty():
    fixed = build(mu_init=(-0.5, 0.5), learnable=False)
    assert not list(fixed.parameters()) and fixed.mu.shape == (3, 2)
    empty = build(mu_init=())
    assert empty.num_gaussians == 0
    assert empty(torch.zeros(4), torch.zeros(4, dtype=torch.long)).shape == (4, 0)
    with pytest.raises(ValueError, match='sigma'):
        build(sigma_init=6.0)
