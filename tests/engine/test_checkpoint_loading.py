import os
import pickle

import numpy as np
import pytest
import torch
from mmengine.logging import HistoryBuffer
from torch import nn

from dad_plugins.engine import (
    CheckpointMismatchError,
    check_checkpoint_fits,
    checkpoint_loading,
    latest_checkpoint,
    read_checkpoint,
)


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


def fits(model, path, strict=True):
    check_checkpoint_fits(model, read_checkpoint(path), path, strict)


def test_a_checkpoint_of_the_model_fits_also_with_its_loss_weights(tmp_path):
    checkpoint = read_checkpoint(save(tmp_path, Tiny()))
    assert set(checkpoint['state_dict']) == set(Tiny().state_dict())
    check_checkpoint_fits(Tiny(), checkpoint, 'ckpt.pth')
    fits(Tiny(), save(tmp_path, Tiny(with_loss=True)))


def test_missing_unknown_and_reshaped_weights_are_refused(tmp_path):
    with pytest.raises(
        CheckpointMismatchError, match=r'2 weights of another shape.*\(5, 8, 1\) for \(3, 8, 1\)'
    ):
        fits(Tiny(), save(tmp_path, Tiny(num_classes=5)))
    other = nn.Sequential(nn.Linear(2, 2))
    with pytest.raises(CheckpointMismatchError, match=r'4 model weights missing.*2 unknown'):
        fits(Tiny(), save(tmp_path, other))
    with pytest.warns(UserWarning, match='does not fit'):
        fits(Tiny(), save(tmp_path, other), strict=False)
    torch.save([1, 2], tmp_path / 'list.pth')
    with pytest.raises(CheckpointMismatchError, match='not a checkpoint'):
        read_checkpoint(str(tmp_path / 'list.pth'))


@pytest.mark.parametrize('content', [b'', b'just text\n', bytes(range(256)) * 4, 'truncated'])
def test_unreadable_checkpoints_are_one_line(tmp_path, content):
    path = tmp_path / 'bad.pth'
    if content == 'truncated':
        save(tmp_path, Tiny(), 'good.pth')
        content = (tmp_path / 'good.pth').read_bytes()[:100]
    path.write_bytes(content)
    with pytest.raises(CheckpointMismatchError, match='cannot read the checkpoint') as error:
        read_checkpoint(str(path))
    assert '\n' not in str(error.value)


class RunsCode:
    """A pickle that runs code when loaded: it creates the file ``marker``."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return os.mkdir, (self.marker,)


def test_a_pickle_that_would_run_code_is_refused(tmp_path):
    path = tmp_path / 'crafted.pth'
    marker = tmp_path / 'ran'
    torch.save({'state_dict': Tiny().state_dict(), 'meta': RunsCode(marker)}, path)
    with pytest.raises(CheckpointMismatchError, match='refused to load the checkpoint safely') as e:
        read_checkpoint(str(path))
    assert 'posix.mkdir' in str(e.value) and '--trust-checkpoint' in str(e.value)
    with checkpoint_loading(), pytest.raises(pickle.UnpicklingError):
        torch.load(path)  # mmengine's call, which does not choose
    assert not marker.exists()


def test_older_mmengine_checkpoints_load_only_when_trusted(tmp_path):
    path = tmp_path / 'old.pth'
    hub = dict(log_scalars={'train/loss': HistoryBuffer([1.0], [1])}, runtime_info={})
    torch.save({'state_dict': Tiny().state_dict(), 'message_hub': hub}, path)
    with pytest.raises(CheckpointMismatchError, match='HistoryBuffer'):
        read_checkpoint(str(path))
    checkpoint = read_checkpoint(str(path), trust=True)
    assert checkpoint['message_hub']['log_scalars']['train/loss'].current() == 1.0
    with checkpoint_loading(trust=True):
        torch.load(path)
    assert 'TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD' not in os.environ  # only inside the block


def test_numpy_scalars_and_arrays_load_safely(tmp_path):
    path = tmp_path / 'numpy.pth'
    info = dict(eta=np.float64(3.5), counts=np.arange(3), flag=np.bool_(True))
    torch.save({'state_dict': Tiny().state_dict(), 'meta': info}, path)
    meta = read_checkpoint(str(path))['meta']
    assert meta['eta'] == 3.5 and meta['counts'].tolist() == [0, 1, 2] and meta['flag']


@pytest.mark.parametrize('pointer', ['empty', 'dangling', 'truncated', 'absent'])
def test_resume_takes_the_newest_whole_checkpoint_when_last_checkpoint_is_bad(tmp_path, pointer):
    for epoch in (1, 2, 10):
        save(tmp_path, Tiny(), f'epoch_{epoch}.pth')
    (tmp_path / 'epoch_11.pth').write_bytes((tmp_path / 'epoch_1.pth').read_bytes()[:200])
    named = dict(empty='', dangling=str(tmp_path / 'epoch_12.pth'))
    named['truncated'] = str(tmp_path / 'epoch_11.pth')
    if pointer != 'absent':
        (tmp_path / 'last_checkpoint').write_text(named[pointer])
    assert latest_checkpoint(str(tmp_path)) == str(tmp_path / 'epoch_10.pth')


def test_resume_takes_the_checkpoint_that_last_checkpoint_names(tmp_path):
    assert latest_checkpoint(str(tmp_path)) is None
    for epoch in (1, 2):
        save(tmp_path, Tiny(), f'epoch_{epoch}.pth')
    (tmp_path / 'last_checkpoint').write_text(str(tmp_path / 'epoch_1.pth'))
    assert latest_checkpoint(str(tmp_path)) == str(tmp_path / 'epoch_1.pth')
