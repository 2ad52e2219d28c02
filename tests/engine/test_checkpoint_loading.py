import pytest
import torch
from torch import nn

from dad_plugins.engine import CheckpointMismatchError, check_checkpoint_fits


class Tiny(nn.Module):
    def __init__(self, num_classes=3, with_loss=False):
        super().__init__()
        self.backbone = nn.Conv1d(4, 8, 1)
        self.head = nn.Conv1d(8, num_classes, 1)
        if with_loss:
            self.head.loss_colv = nn.Linear(8, 2)  # a loss's own weights


def save(tmp_path, model, name='ckpt.pth'):
    path = tmp_path / name
    torch.save({'state_dict': model.state_dict(), 'meta': {}}, path)
    return str(path)


def test_a_checkpoint_of_the_model_fits_also_with_its_loss_weights(tmp_path):
    checkpoint = check_checkpoint_fits(Tiny(), save(tmp_path, Tiny()))
    assert set(checkpoint['state_dict']) == set(Tiny().state_dict())  # returned, not read again
    check_checkpoint_fits(Tiny(), save(tmp_path, Tiny(with_loss=True)))


def test_missing_unknown_and_reshaped_weights_are_refused(tmp_path):
    with pytest.raises(
        CheckpointMismatchError, match=r'2 weights of another shape.*\(5, 8, 1\) for \(3, 8, 1\)'
    ):
        check_checkpoint_fits(Tiny(), save(tmp_path, Tiny(num_classes=5)))
    other = nn.Sequential(nn.Linear(2, 2))
    with pytest.raises(CheckpointMismatchError, match=r'4 model weights missing.*2 unknown'):
        check_checkpoint_fits(Tiny(), save(tmp_path, other))
    with pytest.warns(UserWarning, match='does not fit'):
        check_checkpoint_fits(Tiny(), save(tmp_path, other), strict=False)
    torch.save([1, 2], tmp_path / 'list.pth')
    with pytest.raises(CheckpointMismatchError, match='not a checkpoint'):
        check_checkpoint_fits(Tiny(), str(tmp_path / 'list.pth'))


@pytest.mark.parametrize('content', [b'', b'just text\n', bytes(range(256)) * 4, 'truncated'])
def test_unreadable_checkpoints_are_one_line(tmp_path, content):
    path = tmp_path / 'bad.pth'
    if content == 'truncated':
        save(tmp_path, Tiny(), 'good.pth')
        content = (tmp_path / 'good.pth').read_bytes()[:100]
    path.write_bytes(content)
    with pytest.raises(CheckpointMismatchError, match='cannot read the checkpoint') as error:
        check_checkpoint_fits(Tiny(), str(path))
    assert '\n' not in str(error.value)
