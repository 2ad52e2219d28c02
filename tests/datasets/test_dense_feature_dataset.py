import json

import numpy as np
import pytest

from dad_plugins.datasets import AnnotationError, AnnotationWarning
from dad_plugins.registry import DATASETS

from ..conftest import feature_dataset_cfg, write_annotations, write_features

PIPELINE = [
    dict(type='LoadClipFeatures', feat_dims=dict(feats=4)),
    dict(type='GenerateFrameLabels'),
    dict(type='PackDenseInputs'),
]


@pytest.fixture
def dataset_root(tmp_path):
    annotations = {
        'a': {'subset': 'training', 'duration': 8.0, 'actions': [[0, 1.5, 4.5], [1, 3.5, 7.0]]},
        'b': {'subset': 'testing', 'duration': 4.0, 'actions': [[1, 0.5, 2.5]]},
    }
    write_annotations(tmp_path, annotations)
    write_features(tmp_path / 'features', ['a', 'b'], num_tokens=8, dim=4)
    return tmp_path


def build(root, **kwargs):
    return DATASETS.build(feature_dataset_cfg(root, PIPELINE, **kwargs))


def test_sample_carries_inputs_labels_segments_and_meta(dataset_root):
    dataset = build(dataset_root, subset='training')
    assert len(dataset) == 1 and dataset.metainfo['classes'] == ('open door', 'hold cup')
    sample = dataset[0]
    assert sample['inputs'].shape == (4, 8) and sample['streams'] == {}
    data_sample = sample['data_samples']
    assert data_sample.video_id == 'a' and data_sample.duration == 8.0
    assert data_sample.feature_rate == 1.0 and data_sample.num_tokens == 8
    # MS-TCT rule at 1 token/s: class 0 on tokens 2..4, class 1 on tokens 4..6.
    np.testing.assert_array_equal(
        data_sample.gt_frame_labels[:, 0].numpy(), [0, 0, 1, 1, 1, 0, 0, 0]
    )
    np.testing.assert_array_equal(
        data_sample.gt_frame_labels[:, 1].numpy(), [0, 0, 0, 0, 1, 1, 1, 0]
    )
    np.testing.assert_allclose(data_sample.gt_instances.segments.numpy(), [[1.5, 4.5], [3.5, 7.0]])
    np.testing.assert_allclose(
        data_sample.gt_instances.token_segments.numpy(), [[1.5, 4.5], [3.5, 7.0]]
    )


def test_feature_rate_follows_duration_and_extra_streams_align(dataset_root):
    write_features(dataset_root / 'entity', ['a', 'b'], num_tokens=8, dim=3)
    dataset = build(
        dataset_root, subset=['testing'], data_prefix=dict(feats='features', entity='entity')
    )
    sample = dataset[0]
    assert sample['data_samples'].feature_rate == 2.0  # 8 tokens over 4 s
    assert sample['streams']['entity'].shape == (3, 8)


def test_missing_feature_file_names_the_file_video_and_stream(dataset_root):
    (dataset_root / 'features' / 'b.npy').unlink()
    with pytest.raises(AnnotationError, match=r"b\.npy, video 'b', field 'feats': feature file"):
        build(dataset_root)


@pytest.mark.parametrize(
    ('array', 'match'),
    [
        (np.full((8, 4), np.nan, np.float32), r'non-finite value at token 0'),
        (np.ones((8, 5), np.float32), r'feature dim 5 differs from the config \(4\)'),
        (np.ones((0, 4), np.float32), r'empty feature array'),
        (np.ones(8, np.float32), r'expected \(T, D\) features'),
    ],
)
def test_bad_feature_arrays(dataset_root, array, match):
    np.save(dataset_root / 'features' / 'a.npy', array)
    dataset = build(dataset_root, subset='training')
    with pytest.raises(AnnotationError, match=rf"a\.npy, video 'a', field 'feats': {match}"):
        dataset[0]


def test_unreadable_feature_file_and_misaligned_stream(dataset_root):
    (dataset_root / 'features' / 'a.npy').write_text('not an array')
    with pytest.raises(AnnotationError, match=r"video 'a', field 'feats': cannot read features"):
        build(dataset_root, subset='training')[0]
    write_features(dataset_root / 'features', ['a'], num_tokens=8, dim=4)
    write_features(dataset_root / 'entity', ['a', 'b'], num_tokens=7, dim=3)
    dataset = build(
        dataset_root, subset='training', data_prefix=dict(feats='features', entity='entity')
    )
    with pytest.raises(AnnotationError, match=r"field 'entity': has 7 tokens but the main stream"):
        dataset[0]


def test_dirty_segments_warn_by_default_and_fail_when_strict(dataset_root):
    annotations = json.loads((dataset_root / 'annotations.json').read_text())
    annotations['a']['actions'].append([0, 6.0, 2.0])
    (dataset_root / 'annotations.json').write_text(json.dumps(annotations))
    with pytest.warns(AnnotationWarning, match='1 segments with end before start skipped'):
        assert len(build(dataset_root)) == 2
    with pytest.raises(AnnotationError, match=r"video 'a', field 'segments\[2\]'"):
        build(dataset_root, strict=True)


@pytest.mark.parametrize(
    ('name', 'classes', 'num_videos'),
    [
        ('charades.json', 'charades_classes.txt', 1863),
        ('multithumos.json', 'multithumos_classes.txt', 213),
    ],
)
def test_real_annotation_files_with_generated_features(
    shared_data, tmp_path, name, classes, num_videos
):
    video_ids = list(json.loads((shared_data / name).read_text()))
    write_features(tmp_path / 'features', video_ids, num_tokens=6, dim=4)
    with pytest.warns(AnnotationWarning):
        dataset = build(
            tmp_path,
            ann_file=str(shared_data / name),
            class_file=str(shared_data / classes),
            subset='testing',
        )
    assert len(dataset) == num_videos
    labels = dataset[0]['data_samples'].gt_frame_labels
    assert labels.shape == (6, len(dataset.metainfo['classes']))


def test_videos_without_subset_or_leaving_the_feature_folder_are_errors(dataset_root):
    annotations = json.loads((dataset_root / 'annotations.json').read_text())
    del annotations['b']['subset']
    (dataset_root / 'annotations.json').write_text(json.dumps(annotations))
    with pytest.raises(AnnotationError, match=r"video 'b', field 'subset': no subset"):
        build(dataset_root, subset='training')
    assert len(build(dataset_root)) == 2  # no subset asked for: every video
    for video_id in ('../../x/secret', '/etc/secret', '..'):
        annotations = {video_id: {'subset': 'training', 'duration': 8.0, 'actions': []}}
        (dataset_root / 'annotations.json').write_text(json.dumps(annotations))
        with pytest.raises(AnnotationError, match=r"field 'video_id': a video id must be a file"):
            build(dataset_root, subset='training')


def test_a_subset_no_video_belongs_to_is_an_error(dataset_root):
    with pytest.raises(
        AnnotationError, match=r"field 'subset': no video in subset 'test'; the file"
    ):
        build(dataset_root, subset='test')
