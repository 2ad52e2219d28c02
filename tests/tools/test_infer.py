"""tools/infer.py, the inference API and tools/analysis/eval_dump.py against tools/test.py, with a
frame-level (baseline) and a segment-level (ASL) detector trained for one epoch."""

import json
import re
import runpy
import sys
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pytest
import torch
from mmengine.config import Config

from dad_plugins.apis import inference_detector, init_detector
from dad_plugins.evaluation import choose_metrics
from dad_plugins.evaluation.metrics.dump_predictions import load_dump

from .runner import REPO, data_options, metric_items, run_test, run_tool

CONFIGS = dict(
    baseline='configs/baseline/baseline_synthetic.py',
    asl='configs/asl/asl_synthetic.py',
)
DUMP_SUFFIX = dict(baseline='.pkl', asl='.json')


@pytest.fixture(scope='module')
def runs(trained, tiny_data, tmp_path_factory):
    """``runs(name)``: a checkpoint of ``CONFIGS[name]`` trained for one epoch and its
    tools/test.py run with ``--dump``, made once per module."""
    done = {}

    def run(name: str) -> dict:
        if name not in done:
            checkpoint = trained(CONFIGS[name]) / 'epoch_1.pth'
            done[name] = run_dumped_test(name, checkpoint, tiny_data, tmp_path_factory.mktemp(name))
        return done[name]

    return run


def run_dumped_test(name: str, checkpoint: Path, tiny_data: Path, work: Path) -> dict:
    dump = work / f'preds{DUMP_SUFFIX[name]}'
    # One video a batch: padded batches change a transformer's scores in the last bits.
    options = data_options(tiny_data, 1)
    test_options = [*options, 'test_dataloader.batch_size=1', '--dump', str(dump)]
    record, result = run_test(CONFIGS[name], checkpoint, work / 'test', test_options)
    return dict(
        config=CONFIGS[name],
        checkpoint=checkpoint,
        dump=dump,
        metrics=metric_items(record),
        stdout=result.stdout,
    )


@contextmanager
def one_thread():
    """Run torch on one thread, as the tools run under OMP_NUM_THREADS=1."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(threads)


def table_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith(('|', '+'))]


def run_main(script: str, args: list[str], monkeypatch) -> None:
    """Run a tool's ``main`` in this process (as ``python script args``)."""
    monkeypatch.setattr(sys, 'argv', [script, *args])
    runpy.run_path(str(REPO / script), run_name='__main__')


@pytest.mark.parametrize('name', CONFIGS)
def test_inference_detector_gives_the_scores_of_the_test_dump(runs, name, tiny_data):
    tested = runs(name)
    cfg = Config.fromfile(REPO / tested['config'])
    cfg.test_dataloader.dataset.data_root = str(tiny_data)
    model = init_detector(cfg, str(tested['checkpoint']))
    records = {record['video_id']: record for record in load_dump(tested['dump'])}
    video_id = sorted(records)[0]
    with one_thread():
        sample = inference_detector(model, str(tiny_data / 'features' / f'{video_id}.npy'))
    assert sample.video_id == video_id
    np.testing.assert_array_equal(
        sample.pred_frame_scores.numpy(), records[video_id]['pred_frame_scores']
    )
    np.testing.assert_array_equal(
        sample.pred_instances.scores.numpy(), records[video_id]['pred_instances']['scores']
    )


@pytest.mark.parametrize('name', CONFIGS)
def test_eval_dump_reproduces_the_printed_metrics(
    runs, name, tiny_data, tmp_path, monkeypatch, capsys
):
    tested = runs(name)
    per_class = tmp_path / 'per_class.csv'
    run_main(
        'tools/analysis/eval_dump.py',
        [
            str(tested['dump']),
            '--config',
            tested['config'],
            '--cfg-options',
            f'test_dataloader.dataset.data_root={tiny_data}',
            '--per-class',
            str(per_class),
        ],
        monkeypatch,
    )
    printed = capsys.readouterr().out
    assert table_lines(printed) == table_lines(tested['stdout'])
    rows = per_class.read_text().splitlines()
    assert len(rows) == 25 and rows[1].split(',')[:2] == ['0', 'take cup']

    eval_dump = runpy.run_path(str(REPO / 'tools/analysis/eval_dump.py'))
    cfg = Config.fromfile(REPO / tested['config'])
    metrics, _ = eval_dump['evaluate'](
        load_dump(tested['dump']), choose_metrics(cfg.test_evaluator, None)
    )
    assert metric_items(metrics) == pytest.approx(tested['metrics'], abs=1e-9)


@pytest.mark.parametrize('option', [['--data-root', 'data'], ['--cfg-options', 'a=1']])
def test_eval_dump_refuses_config_options_without_a_config(option, monkeypatch, capsys):
    with pytest.raises(SystemExit) as exit_info:
        run_main('tools/analysis/eval_dump.py', ['preds.pkl', *option], monkeypatch)
    assert exit_info.value.code == 2
    assert 'give it with --config' in capsys.readouterr().err


def test_test_tool_per_class_ap_equals_that_of_the_dump(runs, tiny_data, tmp_path, monkeypatch):
    tested = runs('asl')
    from_dump = tmp_path / 'from_dump.csv'
    options = ['--cfg-options', f'test_dataloader.dataset.data_root={tiny_data}']
    run_main(
        'tools/analysis/eval_dump.py',
        [
            str(tested['dump']),
            '--config',
            tested['config'],
            *options,
            '--per-class',
            str(from_dump),
        ],
        monkeypatch,
    )
    from_test = tmp_path / 'from_test.csv'
    args = [tested['config'], str(tested['checkpoint']), '--work-dir', str(tmp_path / 'work')]
    args += ['--per-class', str(from_test), *options, 'test_dataloader.batch_size=1']
    result = run_tool([sys.executable, 'tools/test.py', *args])
    assert from_test.read_text() == from_dump.read_text()
    header = from_test.read_text().splitlines()[0]
    assert header == 'class,name,det_AP,seg_AP,frame_AP'  # the config's metrics, in its order
    assert re.search(r'^\| 0 +\| take cup +\| [0-9.]+ ', result.stdout, re.M)  # printed too
    assert not list((tmp_path / 'work').glob('*.pkl'))  # the predictions it read are removed


def test_infer_tool_writes_activitynet_json_with_class_names(
    runs, tiny_data, tmp_path, monkeypatch
):
    tested = runs('baseline')
    out = tmp_path / 'results.json'
    args = [tested['config'], str(tested['checkpoint']), str(tiny_data / 'features')]
    args += ['--out', str(out), '--topk', '3', '--score-thr', '0.01']
    args += ['--show-dir', str(tmp_path / 'timelines')]
    args += ['--cfg-options', f'test_dataloader.dataset.data_root={tiny_data}']
    run_main('tools/infer.py', args, monkeypatch)
    output = json.loads(out.read_text())
    pictures = sorted(path.stem for path in (tmp_path / 'timelines').glob('*.png'))
    assert pictures == sorted(output['results'])  # one timeline per video
    assert set(output) == {'version', 'results', 'external_data'}
    videos = sorted(path.stem for path in (tiny_data / 'features').glob('*.npy'))
    assert sorted(output['results']) == videos
    names = {line.split(' ', 1)[1] for line in (tiny_data / 'classes.txt').read_text().splitlines()}
    assert any(output['results'].values()), 'no detection at all'
    for video in output['results'].values():
        assert len(video) <= 3
        assert [d['score'] for d in video] == sorted((d['score'] for d in video), reverse=True)
        for detection in video:
            start, end = detection['segment']
            assert 0 <= start <= end and detection['label'] in names
            assert detection['score'] >= 0.01


@pytest.mark.parametrize(
    'features,message',
    [
        (None, '{path}: no such file or folder'),
        (
            np.zeros((6, 5), np.float32),
            "{path}, video 'bad', field 'feats': feature dim 5 differs from the config (64)",
        ),
    ],
)
def test_bad_input_is_one_error_line(runs, tmp_path, monkeypatch, features, message):
    tested = runs('baseline')
    path = tmp_path / 'bad.npy'
    if features is not None:
        np.save(path, features)
    args = [tested['config'], str(tested['checkpoint']), str(path)]
    with pytest.raises(SystemExit) as exit_info:  # a message: the interpreter exits with 1
        run_main('tools/infer.py', args, monkeypatch)
    assert exit_info.value.code == 'error: ' + message.format(path=path)
