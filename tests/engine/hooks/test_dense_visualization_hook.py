import itertools
from types import SimpleNamespace

import pytest
import torch
from mmengine.config import Config
from mmengine.structures import InstanceData

from dad_plugins.engine.hooks import DenseVisualizationHook, trigger_visualization_hook
from dad_plugins.registry import HOOKS
from dad_plugins.structures.dense_data_sample import DenseDataSample
from dad_plugins.visualization import DenseActionVisualizer

_names = itertools.count()


@pytest.fixture
def visualizer(tmp_path):
    vis = DenseActionVisualizer.get_instance(
        f'hook_vis_{next(_names)}',
        vis_backends=[dict(type='LocalVisBackend')],
        save_dir=str(tmp_path / 'backend'),
    )
    vis.dataset_meta = dict(classes=['a', 'b', 'c'])
    return vis


def videos(ids: list[str]) -> list[DenseDataSample]:
    samples = []
    for video_id in ids:
        sample = DenseDataSample(metainfo=dict(video_id=video_id, duration=10.0, feature_rate=2.0))
        sample.gt_instances = InstanceData(
            segments=torch.tensor([[1.0, 4.0]]), labels=torch.tensor([1])
        )
        sample.pred_frame_scores = torch.rand(20, 3)
        samples.append(sample)
    return samples


def test_registered():
    assert HOOKS.get('DenseVisualizationHook') is DenseVisualizationHook


def test_draws_every_interval_th_test_video_under_the_timestamp_folder(tmp_path, visualizer):
    runner = SimpleNamespace(work_dir=str(tmp_path), timestamp='20240101_000000', epoch=0)
    hook = DenseVisualizationHook(enable=True, interval=2, out_dir='vis')
    hook.before_test_epoch(runner)
    hook.after_test_iter(runner, 0, {}, videos(['v0', 'v1', 'v2']))
    hook.after_test_iter(runner, 1, {}, videos(['v3', 'v/4']))
    drawn = sorted(p.name for p in (tmp_path / '20240101_000000' / 'vis').iterdir())
    assert drawn == ['v0.png', 'v2.png', 'v_4.png']


def test_disabled_draws_nothing_and_validation_goes_to_the_backends(tmp_path, visualizer):
    runner = SimpleNamespace(work_dir=str(tmp_path), timestamp='t', epoch=3)
    DenseVisualizationHook(out_dir='vis').after_test_iter(runner, 0, {}, videos(['v0']))
    assert not (tmp_path / 't').exists()
    hook = DenseVisualizationHook(enable=True, draw_val=True)
    hook.before_val_epoch(runner)
    hook.after_val_iter(runner, 0, {}, videos(['v0']))
    assert list((tmp_path / 'backend').glob('**/val_v0_3.png'))


def test_trigger_enables_the_configured_hook():
    cfg = Config(dict(default_hooks=dict(visualization=dict(type='DenseVisualizationHook'))))
    trigger_visualization_hook(cfg, None)
    assert 'enable' not in cfg.default_hooks.visualization
    trigger_visualization_hook(cfg, 'vis')
    assert (
        cfg.default_hooks.visualization.enable and cfg.default_hooks.visualization.out_dir == 'vis'
    )
    with pytest.raises(ValueError, match='default_hooks.visualization'):
        trigger_visualization_hook(Config(dict(default_hooks=dict())), 'vis')


def test_interval_must_be_positive():
    with pytest.raises(ValueError, match='interval'):
        DenseVisualizationHook(interval=0)
