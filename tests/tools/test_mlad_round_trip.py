"""End to end: mlad_synthetic.py through tools/train.py and tools/test.py on a tiny dataset."""

import pytest

from .runner import data_options, run_test, run_train

CONFIG = 'configs/mlad/mlad_synthetic.py'
METRICS = ('frame/mAP', 'action_cond/mAP_AC@tau0', 'action_cond/F1_AC@tau20', 'multilabel/lrap')
# Metrics named like losses, which mmengine's default log processor would average over the
# validations so far.
LOSS_METRICS = ('multilabel/hamming_loss', 'multilabel/zero_one_loss', 'multilabel/ranking_loss')


def test_train_then_test_prints_frame_and_action_conditional_metrics(tiny_data, tmp_path):
    work_dir, options = tmp_path / 'work', data_options(tiny_data, 2)
    records = run_train(CONFIG, work_dir, options)
    first, logged = [record for record in records if 'frame/mAP' in record][-2:]
    tested, result = run_test(CONFIG, work_dir / 'epoch_2.pth', tmp_path / 'test', options)
    for key in METRICS + LOSS_METRICS:
        assert 0 <= tested[key] and tested[key] == pytest.approx(logged[key], abs=1e-4), key
        assert key.split('/')[-1] in result.stdout  # printed in the metric table
    # The second validation logs its own values, not their mean with the first's.
    assert first['multilabel/ranking_loss'] != pytest.approx(logged['multilabel/ranking_loss'])
