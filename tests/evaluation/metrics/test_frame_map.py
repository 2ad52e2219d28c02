import pytest

from dad_plugins.evaluation.functional import frame_map
from dad_plugins.registry import EVALUATOR, METRICS

from .conftest import valid


def run(metric, samples):
    metric.process(None, samples[:4])
    metric.process(None, samples[4:])
    return metric.evaluate(len(samples))


@pytest.mark.parametrize('average', ['present', 'all', 'nonzero'])
def test_frame_map_metric(samples, average):
    metric = METRICS.build(dict(type='FrameMAP', average=average))
    result = run(metric, samples)
    expected = frame_map(
        [valid(s, 'pred_frame_scores') for s in samples],
        [valid(s, 'gt_frame_labels') for s in samples],
        average=average,
    )
    assert result == {'frame/mAP': pytest.approx(expected['mAP'])}


def test_padding_is_excluded_and_duplicates_count_once(samples):
    padded = run(METRICS.build(dict(type='FrameMAP')), samples)
    # The padded tokens of videos 0 and 3 would change the value if they were counted.
    with_padding = frame_map(
        [s['pred_frame_scores'].numpy() for s in samples],
        [s['gt_frame_labels'].numpy() for s in samples],
    )
    assert padded['frame/mAP'] != pytest.approx(with_padding['mAP'])
    repeated = run(METRICS.build(dict(type='FrameMAP')), samples + samples[:2])
    assert repeated == pytest.approx(padded)


def test_sample_variant_and_prefix(samples):
    metric = METRICS.build(dict(type='FrameMAP', sample=25, prefix='localize'))
    result = run(metric, samples)
    expected = frame_map(
        [valid(s, 'pred_frame_scores') for s in samples],
        [valid(s, 'gt_frame_labels') for s in samples],
        sample=25,
    )
    assert result == {'localize/mAP': pytest.approx(expected['mAP'])}


def test_evaluator_combines_metrics(samples):
    evaluator = EVALUATOR.build(
        dict(
            type='Evaluator',
            metrics=[
                dict(type='FrameMAP'),
                dict(type='DetectionMAP', tious=[0.5]),
                dict(type='MultiLabelMetric'),
            ],
        )
    )
    evaluator.process(samples)
    result = evaluator.evaluate(len(samples))
    assert {'frame/mAP', 'det/mAP@0.5', 'det/mAP', 'multilabel/lrap'} <= set(result)
    assert result['frame/mAP'] == pytest.approx(
        run(METRICS.build(dict(type='FrameMAP')), samples)['frame/mAP']
    )


def test_a_split_without_positives_gives_nan_and_says_why(samples, capfd):
    import math

    from mmengine.logging import MMLogger

    MMLogger.get_instance('frame_map_nan_test')  # the current logger, writing to the captured fd
    for sample in samples:
        sample['gt_frame_labels'] = sample['gt_frame_labels'] * 0
    result = run(METRICS.build(dict(type='FrameMAP')), samples)
    assert math.isnan(result['frame/mAP'])
    assert 'frame/mAP is NaN' in capfd.readouterr().out
