"""Sub-labels and stream concatenation through the dataset and its pipeline."""

import numpy as np
import pytest

from dad_plugins.datasets import DenseFeatureDataset
from dad_plugins.datasets.annotation_readers import AnnotationError
from dad_plugins.registry import TRANSFORMS

from ..conftest import synthetic_folder


@pytest.fixture(scope='module')
def root(tmp_path_factory):
    return synthetic_folder(tmp_path_factory, num_train=4, num_test=2, num_classes=6, seed=2)


def dataset(root, pipeline, **kwargs):
    return DenseFeatureDataset(
        ann_file='annotations.json',
        class_file='classes.txt',
        data_root=str(root),
        data_prefix=dict(feats='features', entity='entity_features'),
        pipeline=pipeline,
        **kwargs,
    )


PIPELINE = [
    dict(type='LoadClipFeatures'),
    dict(type='GenerateFrameLabels'),
    dict(type='GenerateSubLabels'),
    dict(type='PackDenseInputs'),
]


def test_sub_labels_follow_the_action_labels_token_by_token(root):
    data = dataset(root, PIPELINE, sub_label_file='sub_labels.json')
    assert data.metainfo['entity_classes'] == ('cup', 'book')
    assert data.metainfo['motion_classes'] == ('take', 'hold', 'drink from', 'put down')
    for index in range(len(data)):
        sample = data[index]['data_samples']
        actions = sample.gt_frame_labels.numpy()  # (T, 6)
        names = data.metainfo['classes']
        for kind, classes in (('entity', 'entity_classes'), ('motion', 'motion_classes')):
            labels = sample.get(f'gt_{kind}_labels').numpy()  # (T, C_kind)
            assert labels.shape == (len(actions), len(data.metainfo[classes]))
            # by name: a sub-class is on iff an action whose name contains it is on
            for column, sub_class in enumerate(data.metainfo[classes]):
                if kind == 'entity':
                    owners = [c for c, name in enumerate(names) if name.endswith(' ' + sub_class)]
                else:
                    owners = [c for c, name in enumerate(names) if name.startswith(sub_class + ' ')]
                expected = actions[:, owners].max(axis=1)
                np.testing.assert_array_equal(labels[:, column], expected)


def test_sub_labels_need_a_map(root):
    data = dataset(root, PIPELINE)
    with pytest.raises(KeyError, match="video 'test_00000'.*sub_label_file|sub_label_file"):
        data[0]


def test_a_map_of_another_class_list_is_rejected_with_the_file(root, tmp_path):
    wrong = tmp_path / 'sub_labels.json'
    wrong.write_text((root / 'sub_labels.json').read_text().replace('take cup', 'take mug'))
    with pytest.raises(AnnotationError, match='sub_labels.json'):
        dataset(root, PIPELINE, sub_label_file=str(wrong))


def test_concat_feature_streams():
    concat = TRANSFORMS.build(dict(type='ConcatFeatureStreams', streams=('entity',)))
    results = dict(
        video_id='v',
        feats=np.zeros((5, 3), np.float32),
        streams=dict(entity=np.ones((5, 2), np.float32), other=np.ones((5, 1), np.float32)),
    )
    out = concat(results)
    assert out['feats'].shape == (5, 5) and (out['feats'][:, 3:] == 1).all()
    assert set(out['streams']) == {'other'}
    with pytest.raises(KeyError, match="video v has no stream \\['entity'\\]"):
        concat(dict(video_id='v', feats=np.zeros((5, 3)), streams={}))
