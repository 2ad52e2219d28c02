import pytest
from mmengine.config import Config

from dad_plugins.datasets import check_class_count
from dad_plugins.utils.input_errors import AnnotationError


def config(tmp_path, num_classes, head_classes=None, class_file='classes.txt'):
    dataset = dict(data_root=str(tmp_path), class_file=class_file)
    head = dict(num_classes=num_classes if head_classes is None else head_classes)
    return Config(
        dict(
            model=dict(type='X', head=head, neck=dict(num_classes=num_classes)),
            train_dataloader=dict(dataset=dataset),
            test_dataloader=dict(dataset=dict(dataset, class_file='other.txt')),
        )
    )


def test_a_class_file_of_another_size_is_refused_before_anything_is_built(tmp_path):
    (tmp_path / 'classes.txt').write_text('c000 a\nc001 b\nc002 c\n')
    (tmp_path / 'other.txt').write_text('c000 a\nc001 b\n')
    check_class_count(config(tmp_path, 3), ('train',))
    with pytest.raises(
        AnnotationError, match=r'other\.txt: 2 classes, but the model has model.head'
    ):
        check_class_count(config(tmp_path, 3), ('train', 'test'))


def test_nothing_to_compare_is_left_alone(tmp_path):
    (tmp_path / 'classes.txt').write_text('c000 a\n')
    check_class_count(config(tmp_path, 3, head_classes=4), ('train',))  # the parts disagree
    check_class_count(config(tmp_path, 3, class_file='missing.txt'), ('train',))
    check_class_count(Config(dict(model=dict(type='X'))), ('train', 'val'))
