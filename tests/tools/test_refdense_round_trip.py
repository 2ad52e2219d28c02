"""End to end through the tools: RefDense and the CoLV loss on PAT and DualDETR."""

import pytest

from .runner import (
    data_options,
    last_metrics,
    metric_items,
    run_test,
    run_tool_in_process,
    run_train,
)


def text_options(root, keys):
    """Point the CoLV losses at the tiny dataset's text embeddings."""
    return [f'{key}={root}/text_embeddings/{kind}.npy' for key, kind in keys]


@pytest.mark.parametrize(
    'config,text_keys,expected',
    [
        (
            'configs/refdense/refdense_synthetic.py',
            [
                ('model.head.loss_colv.entity.text_embeddings', 'entity'),
                ('model.head.loss_colv.motion.text_embeddings', 'motion'),
            ],
            ['frame/mAP', 'action_cond/mAP_AC@tau0', 'det/mAP'],
        ),
        (
            'configs/mixed/pat_colv_synthetic.py',
            [('model.detector.head.loss_colv.text_embeddings', 'actions')],
            ['frame/mAP', 'det/mAP'],
        ),
        (
            'configs/mixed/dualdetr_colv_synthetic.py',
            [('model.head.loss_colv.text_embeddings', 'actions')],
            ['det/mAP', 'seg/mAP', 'frame/mAP'],
        ),
    ],
)
def test_train_then_test(tiny_data, tmp_path, config, text_keys, expected):
    work_dir = tmp_path / 'work'
    options = data_options(tiny_data, 1) + text_options(tiny_data, text_keys)
    records = run_train(config, work_dir, options)
    assert any(key.startswith('loss_colv') for key in records[0]), records[0]
    logged = last_metrics(records)
    assert set(expected) <= set(logged)
    checkpoint = work_dir / 'epoch_1.pth'
    tested, _ = run_test(config, checkpoint, tmp_path / 'test', options)
    assert metric_items(tested) == pytest.approx(logged, abs=1e-4)
    if 'refdense' in config:
        # testing needs no text embeddings: the CoLV losses can be left out
        no_text = [*data_options(tiny_data, 1), 'model.head.loss_colv=None']
        tested, _ = run_test(config, checkpoint, tmp_path / 'test_without_text', no_text)
        assert metric_items(tested) == pytest.approx(logged, abs=1e-4)


def test_missing_text_embeddings_is_a_one_line_error(tiny_data, tmp_path):
    options = data_options(tiny_data, 1) + [
        f'model.head.loss_colv.entity.text_embeddings={tmp_path}/missing.npy'
    ]
    args = ['configs/refdense/refdense_synthetic.py', '--work-dir', str(tmp_path / 'work')]
    result = run_tool_in_process('tools/train.py', [*args, *options])
    assert result.returncode == 1
    line = result.stderr.strip().splitlines()[-1]
    assert line.startswith('error: class text embedding file') and 'missing.npy' in line
    assert 'encode_class_names.py' in line
