import itertools
import os

import pytest
import torch
from mmengine.model import BaseModel
from mmengine.runner import Runner
from torch import nn

from dad_plugins.engine import checkpoint_loading, read_checkpoint

_names = itertools.count()


class Toy(BaseModel):
    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(2, 1)

    def forward(self, inputs, data_samples=None, mode='tensor'):
        out = self.linear(torch.stack(inputs))  # (B, 1)
        return dict(loss=out.pow(2).mean()) if mode == 'loss' else out


def train(work_dir, max_epochs, resume=False):
    """Train ``Toy`` on 4 samples (2 iterations an epoch), keeping one checkpoint."""
    dataset = [dict(inputs=torch.full((2,), float(i))) for i in range(4)]
    runner = Runner(
        model=Toy(),
        work_dir=str(work_dir),
        experiment_name=f'safe_checkpoint_{next(_names)}',
        train_dataloader=dict(
            dataset=dataset, sampler=dict(type='DefaultSampler', shuffle=False), batch_size=2
        ),
        train_cfg=dict(by_epoch=True, max_epochs=max_epochs),
        optim_wrapper=dict(optimizer=dict(type='SGD', lr=0.01)),
        default_hooks=dict(checkpoint=dict(type='SafeCheckpointHook', max_keep_ckpts=1)),
        default_scope='dad_plugins',
        resume=resume,
    )
    with checkpoint_loading():
        runner.train()
    return runner


def test_checkpoints_load_safely_and_resuming_restores_the_logged_history(tmp_path):
    first = train(tmp_path, 2)
    losses = list(first.message_hub.get_scalar('train/loss').data[0])
    checkpoints = sorted(name for name in os.listdir(tmp_path) if name.endswith('.pth'))
    assert checkpoints == ['epoch_2.pth']  # max_keep_ckpts=1, no temporary file left
    assert (tmp_path / 'last_checkpoint').read_text() == str(tmp_path / 'epoch_2.pth')
    saved = read_checkpoint(str(tmp_path / 'epoch_2.pth'))  # weights_only=True
    assert saved['message_hub']['log_scalars']['train/loss']['log_history'].tolist() == losses
    resumed = train(tmp_path, 3, resume=True)
    history = resumed.message_hub.get_scalar('train/loss').data[0]
    assert len(history) == 6 and list(history[:4]) == losses


def test_a_save_that_fails_keeps_the_previous_checkpoint(tmp_path, monkeypatch):
    train(tmp_path, 1)
    replace = os.replace

    def killed_before_rename(source, target):
        if str(target).endswith('.pth'):
            raise KeyboardInterrupt
        replace(source, target)

    monkeypatch.setattr(os, 'replace', killed_before_rename)
    with pytest.raises(KeyboardInterrupt):
        train(tmp_path, 2, resume=True)
    assert sorted(os.listdir(tmp_path))[-2:] == ['epoch_1.pth', 'last_checkpoint']
    assert not [name for name in os.listdir(tmp_path) if name.endswith('.tmp')]
    assert (tmp_path / 'last_checkpoint').read_text() == str(tmp_path / 'epoch_1.pth')
    assert read_checkpoint(str(tmp_path / 'epoch_1.pth'))['meta']['epoch'] == 1
