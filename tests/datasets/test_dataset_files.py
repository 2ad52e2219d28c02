"""One data_root moves every file of a data set, text embeddings included, from any folder."""

from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from mmengine.config import Config

from dad_plugins.datasets import (
    check_dataset_files,
    read_class_names,
    read_sub_label_map,
    resolve_dataset_files,
)
from dad_plugins.datasets.synthetic import make_synthetic_dataset
from dad_plugins.engine import set_data_root
from dad_plugins.registry import MODELS
from dad_plugins.utils.input_errors import AnnotationError

REPO = Path(__file__).resolve().parents[2]
#: The synthetic configs whose models read class text embeddings, and where they read them.
TEXT_CONFIGS = {
    'configs/refdense/refdense_synthetic.py': ('head.loss_colv.entity', 'head.loss_colv.motion'),
    'configs/mixed/pat_colv_synthetic.py': ('detector.head.loss_colv',),
    'configs/mixed/dualdetr_colv_synthetic.py': ('head.loss_colv',),
}


@pytest.fixture(scope='module')
def moved_data(tmp_path_factory) -> Path:
    """A small synthetic data set in a folder of its own, not where the configs point."""
    root = tmp_path_factory.mktemp('moved') / 'synthetic'
    make_synthetic_dataset(root, num_train=4, num_test=2, seed=3)
    return root


def with_data_root(config: str, root: Path | str) -> Config:
    cfg = Config.fromfile(REPO / config)
    for loader in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        cfg.merge_from_dict({f'{loader}.dataset.data_root': str(root)})
    return cfg


def loss_config(cfg: Config, where: str) -> dict:
    node = cfg.model
    for key in where.split('.'):
        node = node[key]
    return node


def cache_file(root: Path, where: str) -> Path:
    """The synthetic data set's cache of the CoLV loss at ``where``."""
    kind = where.rsplit('.', 1)[-1]
    return root / 'text_embeddings' / f'{kind if kind in ("entity", "motion") else "actions"}.npy'


@pytest.mark.parametrize('config', TEXT_CONFIGS)
def test_data_root_moves_the_text_embeddings(config, moved_data, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # neither the repository nor the data folder
    cfg = with_data_root(config, moved_data)
    check_dataset_files(cfg, 'train_dataloader', 'val_dataloader')
    resolve_dataset_files(cfg, 'train_dataloader')
    for where in TEXT_CONFIGS[config]:
        assert loss_config(cfg, where)['text_embeddings'] == str(cache_file(moved_data, where))
    model = MODELS.build(cfg.model)  # CoLV reads the files and checks their row counts
    for where in TEXT_CONFIGS[config]:
        expected = torch.from_numpy(np.load(cache_file(moved_data, where)))
        torch.testing.assert_close(
            model.get_submodule(where).text_embeddings, F.normalize(expected, dim=-1)
        )


def test_relative_data_root_is_the_working_directory_and_resolving_twice_is_harmless(
    moved_data, monkeypatch
):
    monkeypatch.chdir(moved_data.parent)
    cfg = with_data_root('configs/mixed/pat_colv_synthetic.py', 'synthetic')
    resolve_dataset_files(cfg, 'test_dataloader')
    path = cfg.model.detector.head.loss_colv.text_embeddings
    assert path == str(moved_data / 'text_embeddings' / 'actions.npy')
    resolve_dataset_files(cfg, 'test_dataloader')
    assert cfg.model.detector.head.loss_colv.text_embeddings == path


def test_an_absolute_path_stays(moved_data):
    cfg = with_data_root('configs/mixed/pat_colv_synthetic.py', moved_data)
    cfg.model.detector.head.loss_colv.text_embeddings = '/elsewhere/actions.npy'
    resolve_dataset_files(cfg, 'train_dataloader')
    assert cfg.model.detector.head.loss_colv.text_embeddings == '/elsewhere/actions.npy'


def test_a_text_encoder_gets_the_class_names_of_the_dataset(moved_data):
    cfg = with_data_root('configs/refdense/refdense_synthetic.py', moved_data)
    encoder = dict(type='CLIPTextEncoder', model_name_or_path='checkpoints/clip_text')
    colv = cfg.model.head.loss_colv
    colv.entity.text_embeddings = dict(encoder)
    colv.motion.text_embeddings = dict(encoder)
    colv.motion.class_names = ['given', 'names']
    resolve_dataset_files(cfg, 'train_dataloader')
    sub_labels = read_sub_label_map(moved_data / 'sub_labels.json')
    assert colv.entity.class_names == list(sub_labels.entity_classes)
    assert colv.motion.class_names == ['given', 'names']  # what the config says stays

    cfg = with_data_root('configs/mixed/pat_colv_synthetic.py', moved_data)
    cfg.model.detector.head.loss_colv.text_embeddings = dict(encoder)
    resolve_dataset_files(cfg, 'train_dataloader')
    actions = list(read_class_names(moved_data / 'classes.txt').names)
    assert cfg.model.detector.head.loss_colv.class_names == actions


def test_missing_data_is_one_error_saying_what_to_do(tmp_path):
    cfg = with_data_root('configs/baseline/baseline_synthetic.py', tmp_path / 'nowhere')
    with pytest.raises(AnnotationError) as error:
        check_dataset_files(cfg, 'train_dataloader', 'val_dataloader')
    message = str(error.value)
    assert message.startswith(f'{tmp_path}/nowhere/annotations.json: file not found; ')
    assert 'tools/data/make_synthetic.py data/synthetic' in message and 'data_root' in message
    assert '\n' not in message and message.count('(') == message.count(')')


def test_set_data_root_reaches_the_dataset_a_wrapper_wraps(moved_data):
    cfg = Config.fromfile(REPO / 'configs/mixed/dualdetr_colv_synthetic.py')
    train = cfg.train_dataloader
    train.dataset = dict(type='SlidingWindowDataset', window_size=64, dataset=train.dataset)
    set_data_root(cfg, str(moved_data))
    assert 'data_root' not in train.dataset
    for dataset in (train.dataset.dataset, cfg.val_dataloader.dataset, cfg.test_dataloader.dataset):
        assert dataset.data_root == str(moved_data)
    check_dataset_files(cfg, 'train_dataloader')
    resolve_dataset_files(cfg, 'train_dataloader')
    path = cfg.model.head.loss_colv.text_embeddings
    assert path == str(moved_data / 'text_embeddings' / 'actions.npy')

    train.dataset.dataset.data_root = str(moved_data / 'nowhere')
    with pytest.raises(AnnotationError, match='nowhere/annotations.json: file not found'):
        check_dataset_files(cfg, 'train_dataloader')
