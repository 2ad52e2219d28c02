"""What a config declares about a model's inputs: feature streams, classes, text embeddings."""

from pathlib import Path

import numpy as np
from mmengine.config import Config, ConfigDict


def config_feat_dims(cfg: Config) -> dict[str, int]:
    """Channels of every input stream of the config's model, from its test pipeline.

    ``LoadClipFeatures(feat_dims=...)`` gives the streams; a ``ConcatFeatureStreams`` appends
    the streams it names to ``feats``, whose channels then add up.

    Args:
        cfg (Config): A whole config, with a ``test_dataloader``.

    Returns:
        dict[str, int]: ``feats`` the channels of the model's ``inputs``, every other key an
        extra stream of ``streams``, as :func:`~dad_plugins.testing.demo_inputs` takes them.
    """
    dims = None
    for transform in cfg.test_dataloader.dataset.pipeline:
        if transform['type'] == 'LoadClipFeatures':
            dims = dict(transform['feat_dims'])
        elif transform['type'] == 'ConcatFeatureStreams':
            dims['feats'] += sum(dims.pop(name) for name in transform['streams'])
    if dims is None:
        raise ValueError('the test pipeline has no LoadClipFeatures')
    return dims


def _head(cfg: Config) -> ConfigDict:
    """The head config of the detector, also when a paradigm wraps it (``model.detector``) or
    late fusion averages several (the first of ``model.detectors``)."""
    if 'detectors' in cfg.model:
        return next(iter(cfg.model.detectors.values())).head
    return cfg.model.get('detector', cfg.model).head


def config_num_classes(cfg: Config) -> int:
    """``C``, the number of action classes of the config's model head.

    Args:
        cfg (Config): A whole config.

    Returns:
        int: ``num_classes`` of the head.
    """
    return _head(cfg).num_classes


def config_num_sub_classes(cfg: Config) -> dict[str, int]:
    """``C_kind`` of every sub-label kind the config's model head learns (RefDense), else none.

    Args:
        cfg (Config): A whole config.

    Returns:
        dict[str, int]: ``num_sub_classes`` of the head, e.g. ``dict(entity=7, motion=11)``.
    """
    return dict(_head(cfg).get('num_sub_classes') or {})


def write_text_embeddings(cfg: Config, folder: str | Path, text_dims: int = 16) -> list[str]:
    """Point every class text embedding file of the config's model at a random one in ``folder``.

    CoLV losses read cached ``(C, D_text)`` class text embeddings, which only a data set-up
    writes. Each ``text_embeddings`` path of ``cfg.model`` is replaced by
    ``folder/{kind}.npy``: ``kind`` is the sub-label kind when the CoLV loss sits under a kind
    of ``head.num_sub_classes`` (RefDense's ``loss_colv.entity``), with ``C_kind`` rows, else
    ``'actions'`` with ``C`` rows.

    Args:
        cfg (Config): A whole config; its ``model`` is changed in place.
        folder (str | Path): Existing folder for the ``.npy`` files.
        text_dims (int): ``D_text``. Defaults to 16.

    Returns:
        list[str]: The kind of every file the model now reads, in config order.
    """
    num_rows = dict(config_num_sub_classes(cfg), actions=config_num_classes(cfg))
    rng = np.random.default_rng(0)
    kinds = []

    def redirect(node, kind: str) -> None:
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, value in items:
            if key == 'text_embeddings' and isinstance(value, str):
                path = Path(folder) / f'{kind}.npy'
                if not path.exists():
                    np.save(path, rng.standard_normal((num_rows[kind], text_dims), np.float32))
                node[key] = str(path)
                kinds.append(kind)
            elif isinstance(value, (dict, list)):
                redirect(value, key if key in num_rows else kind)

    redirect(cfg.model, 'actions')
    return kinds
