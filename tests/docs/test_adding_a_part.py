"""docs/adding_a_part.md runs: its neck, its config under PAT and its unit test.

The page marks the blocks to run with the info string ``python run=<name>``. The neck of the
``module`` block is registered for this file's tests only: the model registry is restored after
them, so no other test sees it.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import torch
from mmengine.config import Config

from dad_plugins.registry import MODELS
from dad_plugins.testing import (
    config_feat_dims,
    config_num_classes,
    demo_data_samples,
    demo_inputs,
)

from .marked_blocks import marked_blocks

REPO = Path(__file__).resolve().parents[2]
PAGE = REPO / 'docs' / 'adding_a_part.md'
# Where the page tells a contributor to put the config (relative to the repository).
CONFIG = Path('configs/mixed/pat_dilated-neck_synthetic.py')
LENGTHS = (40, 23)
FEATURE_RATE = 2.0
BLOCKS = marked_blocks(PAGE)


def run_block(name: str) -> dict:
    """Execute a marked block in a namespace of its own and return that namespace."""
    namespace = {'__name__': f'adding_a_part_{name}'}
    exec(compile(BLOCKS[name], f'{PAGE}:run={name}', 'exec'), namespace)
    return namespace


@contextmanager
def doc_neck_registered() -> Iterator[type]:
    """The ``module`` block's ``DilatedConvNeck``, registered until the context ends.

    mmengine has no public way to unregister a part: the registry's table is saved and put back.
    A ``DilatedConvNeck`` of the package itself, should one exist, is hidden meanwhile.
    """
    saved = dict(MODELS._module_dict)
    MODELS._module_dict.pop('DilatedConvNeck', None)
    try:
        yield run_block('module')['DilatedConvNeck']
    finally:
        MODELS._module_dict.clear()
        MODELS._module_dict.update(saved)


@pytest.fixture(scope='module')
def neck_class() -> Iterator[type]:
    with doc_neck_registered() as neck:
        yield neck


@pytest.fixture(autouse=True)
def few_threads() -> Iterator[None]:
    """The models are tiny at these lengths: more threads cost more than they give."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def load_config(folder: Path) -> Config:
    """The ``config`` block as the page's config file, next to the real PAT leaf and bases."""
    configs = folder / 'configs'
    (configs / CONFIG.parent.name).mkdir(parents=True)
    for name in ('_base_', 'pat'):
        (configs / name).symlink_to(REPO / 'configs' / name, target_is_directory=True)
    path = folder / CONFIG
    path.write_text(BLOCKS['config'])
    return Config.fromfile(path)


def build_model(cfg: Config, **head_options) -> torch.nn.Module:
    detector = cfg.model.detector
    model_cfg = dict(cfg.model, detector=dict(detector, head=dict(detector.head, **head_options)))
    torch.manual_seed(0)
    return MODELS.build(model_cfg)


def data_samples(cfg: Config, lengths=LENGTHS) -> list:
    return demo_data_samples(lengths, config_num_classes(cfg), feature_rate=FEATURE_RATE)


def test_page_marks_the_module_config_and_test():
    assert set(BLOCKS) == {'module', 'config', 'test'}


def test_registry_is_restored():
    before = set(MODELS._module_dict)
    with doc_neck_registered() as neck:
        assert MODELS.get('DilatedConvNeck') is neck
    assert set(MODELS._module_dict) == before


def test_unit_test_of_the_page_passes(neck_class):
    namespace = run_block('test')
    tests = [value for name, value in namespace.items() if name.startswith('test_')]
    assert len(tests) >= 2
    for test in tests:
        test()


def test_config_builds_and_runs_every_mode(neck_class, tmp_path):
    cfg = load_config(tmp_path)
    assert cfg.model.type == 'AssistantParadigm'
    assert cfg.model.detector.neck.type == 'DilatedConvNeck'
    assert 'num_branches' not in cfg.model.detector.neck  # _delete_ dropped CoarseDet's arguments
    model = build_model(cfg)
    neck = model.detector.neck
    assert isinstance(neck, neck_class)
    num_classes = config_num_classes(cfg)
    batch = demo_inputs(LENGTHS, config_feat_dims(cfg))

    losses = model(**batch, data_samples=data_samples(cfg), mode='loss')
    assert set(losses) == {'loss_cls'}
    assert losses['loss_cls'].isfinite() and losses['loss_cls'].requires_grad
    losses['loss_cls'].backward()
    assert all(p.grad is not None and p.grad.abs().sum() > 0 for p in neck.parameters())

    model.eval()
    with torch.no_grad():
        predictions = model(**batch, data_samples=data_samples(cfg), mode='predict')
        logits = model(**batch, mode='tensor')
    assert logits.shape == (len(LENGTHS), num_classes, max(LENGTHS))
    for prediction, length in zip(predictions, LENGTHS):
        scores = prediction.pred_frame_scores
        assert scores.shape == (length, num_classes)
        assert scores.min() >= 0 and scores.max() <= 1
        segments = prediction.pred_instances.segments  # seconds of the video
        assert segments.ndim == 2 and segments.shape[1] == 2
        assert ((segments >= 0) & (segments <= prediction.metainfo['duration'] + 1e-5)).all()


def test_model_predictions_do_not_depend_on_padding(neck_class, tmp_path):
    cfg = load_config(tmp_path)
    model = build_model(cfg).eval()
    batch = demo_inputs(LENGTHS, config_feat_dims(cfg))
    noisy = batch['inputs'].masked_fill(~batch['masks'][:, None], float('nan'))
    with torch.no_grad():
        together = model(
            noisy, data_samples(cfg), 'predict', masks=batch['masks'], streams=batch['streams']
        )
        for index, length in enumerate(LENGTHS):
            inputs = batch['inputs'][index : index + 1, :, :length]
            (alone,) = model(inputs, data_samples(cfg, (length,)), 'predict')
            torch.testing.assert_close(
                alone.pred_frame_scores,
                together[index].pred_frame_scores,
                rtol=1e-4,
                atol=1e-5,
            )


def test_head_needs_one_branch_weight_per_map(neck_class, tmp_path):
    cfg = load_config(tmp_path)
    model = build_model(cfg, branch_weights=(0.1, 0.9))  # PAT's (alpha_fine, alpha_coarse)
    batch = demo_inputs(LENGTHS, config_feat_dims(cfg))
    with pytest.raises(ValueError, match='got 1 feature branches but 2 branch_weights'):
        model(**batch, data_samples=data_samples(cfg), mode='loss')
