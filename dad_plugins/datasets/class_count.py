"""The class file of a dataset against the class count of the model, checked before anything
is built."""

from collections.abc import Iterator, Sequence
from pathlib import Path

from mmengine.config import Config

from dad_plugins.utils.input_errors import AnnotationError

from .annotation_readers import dataset_class_names


def check_class_count(cfg: Config, splits: Sequence[str]) -> None:
    """Refuse a class file whose number of classes differs from the model's ``num_classes``.

    Otherwise the mismatch surfaces as a shape error after a whole inference or a first
    training step, or not at all (predictions named after the wrong classes). The model's count
    is every ``num_classes`` in ``cfg.model``; configs whose parts disagree, or that state none,
    are left alone, and so are missing class files (the dataset reports them).

    Args:
        cfg (Config): The run's config.
        splits (Sequence[str]): The data loaders to check, e.g. ``('train', 'val')``.

    Raises:
        AnnotationError: One line naming the class file, its count and the model's key.
    """
    counts = dict(_num_classes(cfg.get('model') or {}, 'model'))
    if len(set(counts.values())) != 1:
        return
    key, num_classes = next(iter(counts.items()))
    for split in splits:
        dataset = (cfg.get(f'{split}_dataloader') or {}).get('dataset') or {}
        names = dataset_class_names(dataset)
        if names is not None and len(names) != num_classes:
            raise AnnotationError(
                Path(dataset.get('data_root') or '', dataset['class_file']),
                f'{len(names)} classes, but the model has {key}={num_classes}: is it the class '
                'file of this dataset?',
            )


def _num_classes(node, path: str) -> Iterator[tuple[str, int]]:
    """``(dotted key, value)`` of every integer ``num_classes`` under ``node``."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == 'num_classes' and isinstance(value, int):
                yield f'{path}.{key}', value
            yield from _num_classes(value, f'{path}.{key}')
    elif isinstance(node, list | tuple):
        for index, value in enumerate(node):
            yield from _num_classes(value, f'{path}.{index}')
