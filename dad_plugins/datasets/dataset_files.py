"""A config's data files, checked and placed before the Runner is built.

A dataset reads its annotation, class, sub-label and feature files under its ``data_root``; the
CoLV losses of the model read the dataset's class text embeddings. :func:`check_dataset_files`
checks the former up front (one error line before the Runner logs the config);
:func:`resolve_dataset_files` puts the latter under the same ``data_root``, so that one
``data_root`` moves every file of a data set and the tools run from any working directory.
Both read the dataset inside a wrapper (``SlidingWindowDataset``), whose own config names no
files.
"""

import os.path as osp
from collections.abc import Mapping

from mmengine.config import Config

from dad_plugins.utils.dataset_configs import dataset_config

from .annotation_readers import missing_data_file, read_class_names
from .sub_label_map import SUB_LABEL_KINDS, read_sub_label_map


def under_data_root(dataset: Mapping, path: str) -> str:
    """``path`` under the dataset config's ``data_root``, unless absolute or without a root."""
    data_root = dataset.get('data_root')
    return path if osp.isabs(path) or not data_root else osp.join(data_root, path)


def _encoded_class_names(dataset: Mapping, kind: str) -> list[str]:
    """The names a text encoder embeds for a dataset config: its classes (``'actions'``, from its
    class file) or one kind of its sub-labels (``'entity'`` / ``'motion'``, from its
    ``sub_label_file``)."""
    if kind == 'actions':
        return list(read_class_names(under_data_root(dataset, dataset['class_file'])).names)
    if not dataset.get('sub_label_file'):
        raise FileNotFoundError(
            f'the {kind} class names come from the sub_label_file of the dataset, which sets none'
        )
    sub_label_map = read_sub_label_map(under_data_root(dataset, dataset['sub_label_file']))
    return list(getattr(sub_label_map, f'{kind}_classes'))


def check_dataset_files(cfg: Config, *dataloaders: str) -> None:
    """Check that the annotation and class file of the dataset of every ``cfg[dataloader]``
    exist, before the Runner logs the config and builds the datasets.

    Raises:
        AnnotationError: Naming the first missing file and saying how to make or find the data.
    """
    for name in dataloaders:
        dataset = dataset_config(cfg, name)
        for key in ('ann_file', 'class_file'):
            if dataset.get(key) and not osp.isfile(under_data_root(dataset, dataset[key])):
                raise missing_data_file(under_data_root(dataset, dataset[key]))


def resolve_dataset_files(cfg: Config, dataloader: str) -> None:
    """Read the model's class text embeddings in the dataset of ``cfg[dataloader]``.

    Every relative ``text_embeddings`` ``.npy`` path in ``cfg.model`` becomes an absolute path
    under that dataset's ``data_root`` (as its class file is read). A ``text_embeddings`` text
    encoder config (``dict(type='CLIPTextEncoder', ...)``) without ``class_names`` beside it gets
    the dataset's class names, or under a sub-label kind (RefDense's ``loss_colv.entity``) the
    names of that kind from the dataset's sub-label file. Applying it twice changes nothing.

    Args:
        cfg (Config): A whole config; its ``model`` is changed in place.
        dataloader (str): The dataloader whose dataset the model runs on, e.g.
            ``'train_dataloader'`` or ``'test_dataloader'``.
    """
    dataset = dataset_config(cfg, dataloader)

    def resolve(node, kind: str) -> None:
        items = node.items() if isinstance(node, Mapping) else enumerate(node)
        for key, value in list(items):
            if key == 'text_embeddings' and isinstance(value, str):
                node[key] = osp.abspath(under_data_root(dataset, value))
            elif key == 'text_embeddings' and isinstance(value, Mapping):
                if node.get('class_names') is None:
                    node['class_names'] = _encoded_class_names(dataset, kind)
            elif isinstance(value, Mapping | list):
                resolve(value, key if key in SUB_LABEL_KINDS else kind)

    resolve(cfg.model, 'actions')
