import math

import pytest
import torch

from dad_plugins.models.losses import CoLVLoss, colv_loss

# Three classes with text features u0 = (1, 0), u1 = (0, 1), u2 = (-1, 0), temperature 1.
TEXT = torch.tensor([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0]])
# token 0: f = (1, 0), classes {0, 1} present: s = (1, 0, -1)
# token 1: f = (0, 1), class {2} present:      s = (0, 1, 0)
# token 2: f = (1, 0), nothing present: contributes 0
FEATURES = torch.tensor([[1.0, 0.0], [0.0, 1.0], [1.0, 0.0]])
TARGETS = torch.tensor([[1.0, 1.0, 0.0], [0.0, 0.0, 1.0], [0.0, 0.0, 0.0]])
# Eq. (11), negatives only in the denominator:
#   token 0: -(1/2) [log(e^1 / e^-1) + log(e^0 / e^-1)] = -(2 + 1) / 2 = -1.5
#   token 1: -log(e^0 / (e^0 + e^1)) = log(1 + e)
TOKEN_0_NEG, TOKEN_1_NEG = -1.5, math.log(1 + math.e)
# every class in the denominator:
#   token 0: -(1/2) [(1 - L) + (0 - L)] with L = log(e + 1 + 1/e)
#   token 1: -(0 - log(2 + e))
TOKEN_0_ALL = math.log(math.e + 1 + 1 / math.e) - 0.5
TOKEN_1_ALL = math.log(2 + math.e)


@pytest.mark.parametrize(
    'denominator, average, expected',
    [
        ('negatives', 'all_tokens', (TOKEN_0_NEG + TOKEN_1_NEG) / 3),
        ('negatives', 'positive_tokens', (TOKEN_0_NEG + TOKEN_1_NEG) / 2),
        ('all', 'all_tokens', (TOKEN_0_ALL + TOKEN_1_ALL) / 3),
    ],
)
def test_hand_computed_three_classes(denominator, average, expected):
    loss = colv_loss(FEATURES, TARGETS, TEXT, 1.0, denominator=denominator, average=average)
    assert loss.item() == pytest.approx(expected, abs=1e-6)


def test_temperature_scales_similarities():
    # token 1 alone at tau = 0.5: -log(e^0 / (e^0 + e^2))
    loss = colv_loss(FEATURES[1:2], TARGETS[1:2], TEXT, 0.5)
    assert loss.item() == pytest.approx(math.log(1 + math.e**2), abs=1e-6)


def test_masked_tokens_and_all_present_tokens_do_not_count():
    mask = torch.tensor([True, False, True])
    loss = colv_loss(FEATURES, TARGETS, TEXT, 1.0, mask=mask)
    assert loss.item() == pytest.approx(TOKEN_0_NEG / 2, abs=1e-6)
    everything = torch.ones(1, 3)  # no negative left: no finite term, the token is skipped
    loss = colv_loss(FEATURES[:1], everything, TEXT, 1.0)
    assert loss.item() == 0.0 and torch.isfinite(loss)


def test_pulls_features_towards_present_classes():
    features = torch.randn(16, 2, requires_grad=True)
    targets = torch.zeros(16, 3)
    targets[:, 0] = 1.0
    colv_loss(features, targets, TEXT, 1.0).backward()
    # gradient descent moves every feature along +u0 (away from u2 = -u0)
    assert (features.grad[:, 0] < 0).all()


def test_rejects_mismatched_shapes_and_options():
    with pytest.raises(ValueError, match=r'targets must be \(N, C\) = \(3, 3\)'):
        colv_loss(FEATURES, TARGETS[:, :2], TEXT, 1.0)
    with pytest.raises(ValueError, match='denominator'):
        colv_loss(FEATURES, TARGETS, TEXT, 1.0, denominator='positives')


def identity_loss(**kwargs) -> CoLVLoss:
    loss = CoLVLoss(in_channels=2, text_embeddings=TEXT, temperature=1.0, **kwargs)
    with torch.no_grad():
        loss.projection.weight.copy_(torch.eye(2))
        loss.projection.bias.zero_()
    return loss


def test_module_projects_normalises_and_weights():
    loss = identity_loss(loss_weight=2.0)
    # features of any norm give the cosine similarities of the hand example
    value = loss(3.0 * FEATURES, TARGETS)
    assert value.item() == pytest.approx(2 * (TOKEN_0_NEG + TOKEN_1_NEG) / 3, abs=1e-5)
    assert loss.num_classes == 3


def test_module_accepts_per_token_layout():
    loss = identity_loss()
    features = FEATURES.t().reshape(1, 2, 3)  # (B, D, T)
    targets = TARGETS.t().reshape(1, 3, 3)  # (B, C, T)
    masks = torch.tensor([[True, True, False]])
    per_token = loss(features, targets, masks)
    flat = loss(FEATURES[:2], TARGETS[:2])
    assert per_token.item() == pytest.approx(flat.item(), abs=1e-6)


def test_text_embeddings_are_a_frozen_non_persistent_buffer():
    loss = identity_loss()
    assert 'text_embeddings' not in loss.state_dict()
    assert [name for name, _ in loss.named_parameters()] == ['projection.weight', 'projection.bias']
    loss(torch.randn(4, 2), TARGETS[[0, 1, 0, 1]]).backward()
    assert loss.projection.weight.grad is not None
