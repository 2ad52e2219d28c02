import pytest
import torch

from dad_plugins.models.losses.utils import REDUCTIONS, mask_padding, reduce_token_loss


def test_mask_padding_zeroes_padded_tokens_and_checks_shapes():
    pred = torch.randn(2, 3, 4)  # (B, C, T)
    pred[1, :, 2:] = float('nan')
    target = torch.ones(2, 3, 4)
    masks = torch.tensor([[True] * 4, [True, True, False, False]])
    pred_out, target_out, valid = mask_padding(pred, target, masks)
    assert valid.shape == (2, 1, 4)
    assert pred_out[1, :, 2:].eq(0).all() and target_out[1, :, 2:].eq(0).all()
    assert torch.isfinite(pred_out).all()
    assert mask_padding(pred, target, None)[2] is None
    with pytest.raises(ValueError, match='differ'):
        mask_padding(pred, target[..., :3], None)
    with pytest.raises(ValueError, match='must be'):
        mask_padding(torch.zeros(3), torch.zeros(3), None)
    with pytest.raises(ValueError, match='does not match'):
        mask_padding(pred, target, masks[:, :3])


def test_reduce_token_loss_sums_classes_and_averages_valid_tokens():
    loss = torch.arange(24, dtype=torch.float32).reshape(2, 3, 4)  # (B, C, T)
    valid = torch.tensor([[True] * 4, [True, False, False, False]]).unsqueeze(1)  # (B, 1, T)
    kept = loss.masked_fill(~valid, 0)
    torch.testing.assert_close(reduce_token_loss(loss, None, valid, 'mean'), kept.sum() / 5)
    torch.testing.assert_close(reduce_token_loss(loss, None, valid, 'sum'), kept.sum())
    torch.testing.assert_close(reduce_token_loss(loss, None, valid, 'none'), kept)
    torch.testing.assert_close(reduce_token_loss(loss, None, None, 'mean'), loss.sum() / 8)
    weight = torch.tensor([1.0, 0.0, 2.0]).view(1, 3, 1)  # per class
    torch.testing.assert_close(
        reduce_token_loss(loss, weight, None, 'mean', avg_factor=4.0), (loss * weight).sum() / 4
    )
    # No valid token: the denominator is clamped to 1, so the loss is 0 instead of NaN.
    none_valid = torch.zeros(2, 1, 4, dtype=torch.bool)
    assert reduce_token_loss(loss, None, none_valid, 'mean').item() == 0
    assert REDUCTIONS == ('none', 'mean', 'sum')
    with pytest.raises(ValueError, match='reduction'):
        reduce_token_loss(loss, None, None, 'max')
