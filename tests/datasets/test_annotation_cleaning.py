import numpy as np
import pytest

from dad_plugins.datasets import (
    AnnotationError,
    AnnotationWarning,
    VideoAnnotation,
    clean_annotations,
    read_annotations,
    read_class_names,
)


def dirty_videos():
    segments = np.array(
        [[3.0, 1.0], [2.0, 2.0], [12.0, 15.0], [-1.0, 2.0], [8.0, 14.0], [1, 2], [-5, -1]]
    )
    return [
        VideoAnnotation('v', 'training', 10.0, segments, np.arange(7)),
        VideoAnnotation('empty', 'training', 5.0),
    ]


def test_policy_skips_clips_and_counts_in_one_warning():
    videos = dirty_videos()
    with pytest.warns(AnnotationWarning) as record:
        counts = clean_annotations(videos, 'ann.json')
    assert len(record) == 1
    message = str(record[0].message)
    assert message.startswith('ann.json: 1 segments with end before start skipped')
    assert '1 videos without actions kept' in message
    assert counts['reversed'] == counts['zero_length'] == counts['after_end'] == 1
    assert counts['before_video'] == 1  # [-5, -1] is skipped, not clipped to [0, 0]
    assert counts['before_start'] == counts['past_end'] == 1 and counts['no_actions'] == 1
    np.testing.assert_allclose(videos[0].segments, [[0, 2], [8, 10], [1, 2]])
    np.testing.assert_array_equal(videos[0].labels, [3, 4, 5])


def test_strict_turns_faults_into_errors():
    with pytest.raises(
        AnnotationError, match=r"video 'v', field 'segments\[0\]'.*end before start"
    ):
        clean_annotations(dirty_videos(), 'ann.json', strict=True)


def test_clean_file_gives_no_warning(recwarn):
    video = VideoAnnotation('v', None, 10.0, np.array([[1.0, 2.0]]), np.array([0]))
    clean_annotations([video], 'ann.json')
    assert not [w for w in recwarn if issubclass(w.category, AnnotationWarning)]


@pytest.mark.parametrize(
    ('name', 'classes', 'expected'),
    [
        (
            'charades.json',
            'charades_classes.txt',
            dict(reversed=7, past_end=19618, no_actions=223, zero_length=0),
        ),
        (
            'multithumos.json',
            'multithumos_classes.txt',
            dict(zero_length=7, after_end=60, past_end=5, no_actions=0),
        ),
    ],
)
def test_real_files_load_with_the_documented_counts(shared_data, name, classes, expected):
    videos = read_annotations(shared_data / name, read_class_names(shared_data / classes))
    with pytest.warns(AnnotationWarning):
        counts = clean_annotations(videos, name)
    assert {key: counts[key] for key in expected} == expected
    assert all((v.segments[:, 1] > v.segments[:, 0]).all() for v in videos)
    assert all((v.segments[:, 1] <= v.duration).all() for v in videos)
