import argparse
import os
from pathlib import Path

import pytest
from mmengine.config import Config

from dad_plugins.engine import (
    add_cfg_options,
    add_strict_option,
    apply_launcher_and_overrides,
    load_config,
    parse_runner_args,
    set_work_dir,
)
from dad_plugins.engine.command_line import check_dump_file, check_work_dir, merge_overrides

REPO = Path(__file__).resolve().parents[2]


def test_parse_runner_args_adds_the_shared_options(monkeypatch):
    monkeypatch.setattr('sys.argv', ['tool', 'a.py', '--cfg-options', 'x.y=2', '--local-rank', '1'])
    monkeypatch.delenv('LOCAL_RANK', raising=False)
    parser = argparse.ArgumentParser()
    parser.add_argument('config')
    args = parse_runner_args(parser, 'x.y=2')
    assert args.config == 'a.py' and args.launcher == 'none'
    assert args.cfg_options == {'x.y': 2} and args.local_rank == 1
    assert os.environ['LOCAL_RANK'] == '1'


def test_work_dir_comes_from_the_option_then_the_config_then_the_config_name():
    args = argparse.Namespace(work_dir=None, config='configs/pat/pat_synthetic.py')
    cfg = Config(dict())
    set_work_dir(cfg, args)
    assert cfg.work_dir == './work_dirs/pat_synthetic'
    cfg = Config(dict(work_dir='kept'))
    set_work_dir(cfg, args)
    assert cfg.work_dir == 'kept'
    set_work_dir(cfg, argparse.Namespace(work_dir='given', config='c.py'))
    assert cfg.work_dir == 'given'


def test_overrides_are_merged_after_the_launcher(tmp_path):
    cfg = Config(dict(model=dict(depth=1), work_dir=str(tmp_path / 'work')))
    args = argparse.Namespace(
        launcher='pytorch', cfg_options={'model.depth': 3, 'launcher': 'none'}
    )
    cfg = apply_launcher_and_overrides(cfg, args)
    assert cfg.model.depth == 3 and cfg.launcher == 'none'


def test_a_work_dir_that_cannot_be_written_is_one_error_line(tmp_path):
    check_work_dir(str(tmp_path / 'new' / 'work'))  # created
    assert (tmp_path / 'new' / 'work').is_dir() and not any((tmp_path / 'new' / 'work').iterdir())
    (tmp_path / 'file').write_text('')
    with pytest.raises(SystemExit, match=r'^error: cannot write the work dir .*file/w: Not a dir'):
        check_work_dir(str(tmp_path / 'file' / 'w'))


def test_a_dump_target_is_checked_before_inference(tmp_path):
    check_dump_file(str(tmp_path / 'new' / 'preds.pkl'), ('.pkl', '.json'))
    assert (tmp_path / 'new').is_dir()  # created, as the dump would create it
    with pytest.raises(SystemExit, match=r'^error: --dump .*preds\.csv: the file must end in'):
        check_dump_file(str(tmp_path / 'preds.csv'), ('.pkl', '.json'))
    (tmp_path / 'file').write_text('')
    with pytest.raises(SystemExit, match=r'^error: cannot write the folder .*file of --dump'):
        check_dump_file(str(tmp_path / 'file' / 'preds.json'), ('.pkl', '.json'))


def test_tools_share_the_cfg_options_and_strict_options(tmp_path):
    parser = argparse.ArgumentParser()
    parser.add_argument('config')
    add_cfg_options(parser, 'x.y=2')
    add_strict_option(parser, 'test')
    args = parser.parse_args(['c.py', '--no-strict', '--cfg-options', 'model.depth=3'])
    assert args.strict is False and args.cfg_options == {'model.depth': 3}
    assert parser.parse_args(['c.py']).strict is True
    config = tmp_path / 'c.py'
    config.write_text('model = dict(depth=1, width=2)\n')
    cfg = load_config(str(config), args.cfg_options)
    assert cfg.model.depth == 3 and cfg.model.width == 2
    assert load_config(str(config)).model.depth == 1


@pytest.mark.parametrize(
    'key,message',
    [
        ('randomnes.seed', r"no 'randomnes' \(did you mean 'randomness'\?\); write \+randomnes"),
        ('train_cfg.max_epoch', r"no 'train_cfg.max_epoch' \(did you mean 'max_epochs'\?\)"),
        ('optim_wrapper.optimizer.lrr', r"no 'optim_wrapper.optimizer.lrr' \(did you mean 'lr'"),
        ('model.head.num_clases', r"no 'model.head.num_clases' \(did you mean 'num_classes'"),
        ('model.head.0', r"no 'model.head.0'; write"),
        ('evaluators.2.type', r"no 'evaluators.2'; write"),
    ],
)
def test_an_override_of_a_key_that_is_not_in_the_config_is_refused(key, message):
    cfg = Config(
        dict(
            randomness=dict(seed=0),
            train_cfg=dict(max_epochs=2),
            optim_wrapper=dict(optimizer=dict(type='Adam', lr=1e-3)),
            model=dict(head=dict(num_classes=3)),
            evaluators=[dict(type='A'), dict(type='B')],
        )
    )
    with pytest.raises(SystemExit, match=rf'^error: --cfg-options {key}: the config has {message}'):
        merge_overrides(cfg, {key: 1})
    merge_overrides(cfg, {'evaluators.1.type': 'C', '+model.head.num_clases': 1})  # marked new
    assert cfg.evaluators[1].type == 'C' and cfg.model.head.num_clases == 1
    with pytest.raises(SystemExit, match=r'^error: --cfg-options: Index 2 exceeds the length'):
        merge_overrides(cfg, {'+evaluators.2.type': 'C'})  # mmengine cannot extend a list


def test_load_config_sets_the_data_root_before_the_overrides(tmp_path):
    config = str(REPO / 'configs/dualdetr/dualdetr_sliding-window_synthetic.py')
    cfg = load_config(config, {'test_dataloader.dataset.data_root': 'elsewhere'}, str(tmp_path))
    assert cfg.train_dataloader.dataset.dataset.data_root == str(tmp_path)  # the wrapped videos
    assert 'data_root' not in cfg.train_dataloader.dataset
    assert cfg.val_dataloader.dataset.data_root == str(tmp_path)
    assert cfg.test_dataloader.dataset.data_root == 'elsewhere'


def test_a_data_root_that_is_no_folder_is_one_error_line(tmp_path):
    config = str(REPO / 'configs/baseline/baseline_synthetic.py')
    with pytest.raises(
        SystemExit, match=f'^error: --data-root {tmp_path}/nowhere: no such folder$'
    ):
        load_config(config, data_root=str(tmp_path / 'nowhere'))
