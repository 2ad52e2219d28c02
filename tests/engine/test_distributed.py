"""The distributed session: launcher checks, CPU wrapper set-up, and the process group destroyed
after success and after failure."""

import pytest
import torch
import torch.distributed as dist
from mmengine.config import Config

from dad_plugins.engine import distributed_session, prepare_cpu_distributed


@pytest.fixture
def single_process_group(tmp_path, monkeypatch):
    """A one-process gloo group on a file store, as a launcher would have started it."""
    torchrun = dict(RANK='0', WORLD_SIZE='1', MASTER_ADDR='127.0.0.1', MASTER_PORT='29500')
    for name, value in torchrun.items():
        monkeypatch.setenv(name, value)
    if dist.is_initialized():
        dist.destroy_process_group()
    store = f'file://{tmp_path / "store"}'
    dist.init_process_group('gloo', init_method=store, rank=0, world_size=1)


def test_process_group_is_destroyed_after_the_run(single_process_group):
    cfg = Config(dict())
    with distributed_session(cfg, 'pytorch'):
        assert dist.is_initialized()
        dist.all_reduce(torch.ones(1))
    assert not dist.is_initialized()


def test_process_group_is_destroyed_when_the_run_fails(single_process_group):
    cfg = Config(dict())
    with pytest.raises(RuntimeError, match='boom'), distributed_session(cfg, 'pytorch'):
        raise RuntimeError('boom')
    assert not dist.is_initialized()


def test_no_launcher_leaves_the_config_alone():
    cfg = Config(dict())
    with distributed_session(cfg, 'none'):
        assert not dist.is_initialized()
    assert 'model_wrapper_cfg' not in cfg


def test_a_configs_own_ddp_wrapper_gets_no_device_ids_on_cpu(single_process_group):
    separate = dict(type='MMSeparateDistributedDataParallel', broadcast_buffers=False)
    cfg = Config(dict(model_wrapper_cfg=separate))
    with distributed_session(cfg, 'pytorch'):
        assert cfg.model_wrapper_cfg.device_ids is None
    pinned = Config(dict(model_wrapper_cfg=dict(separate, device_ids=[3])))
    prepare_cpu_distributed(pinned, 'none')
    assert pinned.model_wrapper_cfg.device_ids == [3]


def test_the_pytorch_launcher_without_torchrun_is_one_error_line(monkeypatch):
    for name in ('RANK', 'WORLD_SIZE', 'MASTER_ADDR', 'MASTER_PORT'):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(SystemExit, match='^error: --launcher pytorch needs the variables'):
        with distributed_session(Config(dict()), 'pytorch'):
            pass
    assert not dist.is_initialized()


@pytest.mark.skipif(torch.cuda.is_available(), reason='the CPU-only refusal')
@pytest.mark.parametrize('launcher', ['slurm', 'mpi'])
def test_gpu_launchers_without_a_gpu_are_one_error_line(launcher):
    with pytest.raises(SystemExit, match=f'^error: --launcher {launcher} starts one process'):
        with distributed_session(Config(dict()), launcher):
            pass
