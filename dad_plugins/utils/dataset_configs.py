"""The dataset configs of a whole config, seen through dataset wrappers."""

from collections.abc import Mapping

#: The dataloaders of a config whose datasets read files.
DATALOADERS = ('train_dataloader', 'val_dataloader', 'test_dataloader')


def dataset_config(cfg: Mapping, dataloader: str) -> Mapping:
    """The config of the dataset that reads the files of ``cfg[dataloader]``: its ``dataset``,
    or the dataset a wrapper wraps (``SlidingWindowDataset``: ``train_dataloader.dataset.dataset``);
    ``{}`` if none."""
    dataset = (cfg.get(dataloader) or {}).get('dataset') or {}
    while isinstance(dataset.get('dataset'), Mapping):
        dataset = dataset['dataset']
    return dataset
