"""Every MLAD config (and the MLAD-on-Fine-Det mixed configs) builds and runs all three modes."""

from pathlib import Path

import pytest
import torch
from mmaction.structures import ActionDataSample
from mmengine import Config

from dad_plugins.registry import MODELS

REPO = Path(__file__).resolve().parents[1]
CONFIGS = sorted(
    [*REPO.glob('configs/mlad/*.py'), *REPO.glob('configs/mixed/*mlad*.py')],
    key=lambda path: path.name,
)


def samples(lengths, num_classes):
    data_samples = []
    for length in lengths:
        sample = ActionDataSample()
        sample.set_metainfo(dict(feature_rate=3.0, num_tokens=length))
        sample.gt_frame_labels = (torch.rand(length, num_classes) > 0.8).float()
        data_samples.append(sample)
    return data_samples


def test_configs_are_found():
    names = {path.name for path in CONFIGS}
    assert {'mlad_charades.py', 'mlad_multithumos.py', 'mlad_synthetic.py'} <= names
    assert 'finedet-mlad_charades.py' in names


@pytest.mark.parametrize('path', CONFIGS, ids=lambda path: path.name)
def test_model_runs_loss_predict_and_tensor_modes(path):
    cfg = Config.fromfile(path)
    torch.manual_seed(0)
    model = MODELS.build(cfg.model)
    num_classes = cfg.model.head.num_classes
    feat_dim = cfg.train_dataloader.dataset.pipeline[0].feat_dims.feats
    lengths = [12, 7]
    inputs = torch.randn(2, feat_dim, 12)
    masks = torch.arange(12)[None, :] < torch.tensor(lengths)[:, None]
    losses = model(inputs, samples(lengths, num_classes), mode='loss', masks=masks)
    assert set(losses) == {'loss_cls', 'loss_initial'}
    assert all(loss.isfinite() for loss in losses.values())
    model.eval()
    with torch.no_grad():
        predictions = model(inputs, samples(lengths, num_classes), mode='predict', masks=masks)
        logits = model(inputs, mode='tensor', masks=masks)
    assert [p.pred_frame_scores.shape for p in predictions] == [(12, num_classes), (7, num_classes)]
    assert all('segments' in p.pred_instances for p in predictions)
    assert logits.shape == (2, num_classes, 12)
