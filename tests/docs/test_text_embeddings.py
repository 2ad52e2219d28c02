"""docs/text_embeddings.md: the child config that computes the class text embeddings when the
model is built runs, with the class names of the dataset.

The page marks the block to run with the info string ``python run=<name>``; a tiny CLIP text
model saved to a temporary folder stands in for the page's model directory.
"""

import re
from pathlib import Path

import pytest
import torch
from mmengine.config import Config

from dad_plugins.datasets import read_class_names, resolve_dataset_files
from dad_plugins.models.text import CLIPTextEncoder
from dad_plugins.registry import MODELS
from dad_plugins.testing.text_models import save_tiny_clip_text_model

from ..conftest import synthetic_folder

REPO = Path(__file__).resolve().parents[2]
PAGE = REPO / 'docs' / 'text_embeddings.md'
# Where the page puts the config (relative to the repository).
CONFIG = Path('configs/mixed/pat_colv-clip_synthetic.py')


def marked_block(name: str) -> str:
    (block,) = re.findall(rf'^```python run={name}\n(.*?)^```$', PAGE.read_text(), re.M | re.S)
    return block


@pytest.fixture(scope='module')
def data_root(tmp_path_factory) -> Path:
    return synthetic_folder(tmp_path_factory, num_train=4, num_test=2, seed=2)


@pytest.fixture(scope='module')
def model_dir(data_root, tmp_path_factory) -> Path:
    """A tiny CLIP text model whose vocabulary holds every word of the synthetic class names."""
    names = read_class_names(data_root / 'classes.txt').names
    words = ['a', 'photo', 'of', *(word for name in names for word in name.lower().split())]
    folder = tmp_path_factory.mktemp('clip_text')
    save_tiny_clip_text_model(folder, words)
    return folder


def load_page_config(folder: Path) -> Config:
    """The page's config as its file, next to the real bases it inherits."""
    configs = folder / 'configs'
    (configs / CONFIG.parent.name).mkdir(parents=True)
    for name in ('_base_', 'pat'):
        (configs / name).symlink_to(REPO / 'configs' / name, target_is_directory=True)
    base = 'mixed/pat_colv_synthetic.py'
    (configs / base).symlink_to(REPO / 'configs' / base)
    path = folder / CONFIG
    path.write_text(marked_block('encoder_config'))
    return Config.fromfile(path)


def test_encoder_config_gets_the_dataset_class_names(data_root, model_dir, tmp_path):
    cfg = load_page_config(tmp_path)
    loss = cfg.model.detector.head.loss_colv
    assert loss.text_embeddings.type == 'CLIPTextEncoder' and 'class_names' not in loss
    cfg.merge_from_dict(
        {
            'train_dataloader.dataset.data_root': str(data_root),
            'model.detector.head.loss_colv.text_embeddings.model_name_or_path': str(model_dir),
        }
    )
    resolve_dataset_files(cfg, 'train_dataloader')
    names = list(read_class_names(data_root / 'classes.txt').names)
    assert cfg.model.detector.head.loss_colv.class_names == names

    model = MODELS.build(cfg.model)
    expected = CLIPTextEncoder(str(model_dir), local_files_only=True).encode_class_names(names)
    torch.testing.assert_close(model.detector.head.loss_colv.text_embeddings, expected)
