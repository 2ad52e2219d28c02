import json

import numpy as np
import pytest

from dad_plugins.datasets import AnnotationError, read_annotations, read_class_names


@pytest.fixture
def classes_with_ids(tmp_path):
    path = tmp_path / 'classes.txt'
    path.write_text('c000 open door\nc001 hold cup\nc002 drink from cup\n')
    return read_class_names(path)


def test_class_files_with_ids_names_only_and_one_based(tmp_path):
    one_based = tmp_path / 'mt.txt'
    one_based.write_text('1 BaseballPitch\n2 BasketballBlock\n')
    classes = read_class_names(one_based)
    assert classes.names == ['BaseballPitch', 'BasketballBlock'] and classes.ids == [1, 2]
    names_only = tmp_path / 'names.txt'
    names_only.write_text('walk\nrun\n\n')
    assert read_class_names(names_only).ids == [0, 1]


def test_mstct_json(tmp_path, classes_with_ids):
    path = tmp_path / 'ann.json'
    path.write_text(
        json.dumps(
            {
                'v1': {
                    'subset': 'training',
                    'duration': 10.0,
                    'actions': [[2, 1.0, 4.0], [0, 5, 6]],
                },
                'v2': {'subset': 'testing', 'duration': 3.5, 'actions': []},
            }
        )
    )
    videos = read_annotations(path, classes_with_ids, 'mstct')
    assert [v.video_id for v in videos] == ['v1', 'v2']
    assert videos[0].subset == 'training' and videos[0].duration == 10.0
    np.testing.assert_array_equal(videos[0].labels, [2, 0])
    np.testing.assert_allclose(videos[0].segments, [[1, 4], [5, 6]])
    assert videos[1].segments.shape == (0, 2)


def test_charades_csv(tmp_path, classes_with_ids):
    path = tmp_path / 'Charades_v1_test.csv'
    path.write_text(
        'id,subject,scene,quality,relevance,verified,script,objects,descriptions,actions,length\n'
        'ABC12,s1,Kitchen,6,7,Yes,"a, b",cup,"x",c001 0.00 12.60;c002 11.90 21.20,30.5\n'
        'XYZ99,s2,Hall,5,7,Yes,s,door,y,,12.0\n'
    )
    videos = read_annotations(path, classes_with_ids, 'charades_csv', subset='testing')
    assert [v.subset for v in videos] == ['testing', 'testing']
    np.testing.assert_array_equal(videos[0].labels, [1, 2])
    np.testing.assert_allclose(videos[0].segments, [[0.0, 12.6], [11.9, 21.2]])
    assert videos[0].duration == 30.5 and len(videos[1].labels) == 0


def test_activitynet_json(tmp_path):
    classes_file = tmp_path / 'names.txt'
    classes_file.write_text('open door\nhold cup\n')
    path = tmp_path / 'anet.json'
    path.write_text(
        json.dumps(
            {
                'database': {
                    'v': {
                        'subset': 'validation',
                        'duration': 20.0,
                        'annotations': [{'segment': [2.0, 3.0], 'label': 'hold cup'}],
                    }
                }
            }
        )
    )
    (video,) = read_annotations(path, read_class_names(classes_file), 'activitynet')
    assert video.subset == 'validation'
    np.testing.assert_array_equal(video.labels, [1])


@pytest.mark.parametrize(
    ('content', 'match'),
    [
        ('{not json', r'ann\.json: invalid JSON'),
        ('[1, 2]', r'expected a JSON object'),
        ('{"v1": {"duration": 3}}', r"video 'v1', field 'actions': missing"),
        ('{"v1": {"duration": -1, "actions": []}}', r"video 'v1', field 'duration'"),
        (
            '{"v1": {"duration": 5, "actions": [[7, 1, 2]]}}',
            r"video 'v1', field 'actions\[0\]': unknown class 7",
        ),
        ('{"v1": {"duration": 5, "actions": [[0, 1]]}}', r"field 'actions\[0\]': expected"),
        ('{"v1": {"duration": 5, "actions": [[0, "a", 2]]}}', r"field 'actions\[0\]'"),
        (
            '{"v1": {"duration": 5, "actions": [[true, 1, 2]]}}',
            r"video 'v1', field 'actions\[0\]': expected a class, got true",
        ),
        (
            '{"v1": {"duration": 5, "actions": []}, "v1": {"duration": 6, "actions": []}}',
            r"ann\.json: key 'v1' appears 2 times in one object",
        ),
    ],
)
def test_invalid_mstct_files_name_file_video_and_field(tmp_path, classes_with_ids, content, match):
    path = tmp_path / 'ann.json'
    path.write_text(content)
    with pytest.raises(AnnotationError, match=match):
        read_annotations(path, classes_with_ids, 'mstct')


def test_unknown_class_name_and_unreadable_file(tmp_path, classes_with_ids):
    path = tmp_path / 'anet.json'
    path.write_text(
        json.dumps(
            {
                'database': {
                    'v9': {
                        'duration': 20.0,
                        'annotations': [{'segment': [2.0, 3.0], 'label': 'jump'}],
                    }
                }
            }
        )
    )
    with pytest.raises(AnnotationError, match=r"video 'v9', field 'annotations\[0\].label'"):
        read_annotations(path, classes_with_ids, 'activitynet')
    with pytest.raises(AnnotationError, match=r'missing\.json: file not found'):
        read_annotations(tmp_path / 'missing.json', classes_with_ids)
    with pytest.raises(ValueError, match='Unknown annotation format'):
        read_annotations(path, classes_with_ids, 'coco')


@pytest.mark.parametrize(
    ('content', 'match'),
    [
        ('c000 open door\nc001 hold cup\nc002 open door\n', "line 3 repeats the class name 'open"),
        ('c000 open door\nc000 hold cup\n', 'line 2 repeats the class id 0 of line 1'),
    ],
)
def test_repeated_classes_name_the_line(tmp_path, content, match):
    path = tmp_path / 'classes.txt'
    path.write_text(content)
    with pytest.raises(AnnotationError, match=match):
        read_class_names(path)
