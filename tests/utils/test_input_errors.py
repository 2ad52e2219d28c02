import pytest
import torch

from dad_plugins.utils.input_errors import AnnotationError, ConfigError, exit_on_input_error


def test_annotation_error_names_file_video_and_field():
    error = AnnotationError('ann.json', 'missing', 'v1', 'duration')
    assert isinstance(error, ValueError)
    assert str(error) == "ann.json, video 'v1', field 'duration': missing"
    assert str(AnnotationError('ann.json', 'empty')) == 'ann.json: empty'
    # The one-argument form in which data-loader workers re-raise it keeps the message.
    assert str(AnnotationError('whole message')) == 'whole message'


@pytest.mark.parametrize(
    'error, expected',
    [
        (
            AnnotationError('a.npy', 'bad', 'a', 'feats'),
            "error: a.npy, video 'a', field 'feats': bad",
        ),
        (FileNotFoundError('no such file: x.txt'), 'error: no such file: x.txt'),
        (
            AnnotationError('Caught in worker.\nTraceback ...\nAnnotationError: a.npy: bad'),
            'error: a.npy: bad',
        ),
        (
            FileNotFoundError('class `DenseFeatureDataset` in d.py: c.txt: not found (see x)'),
            'error: c.txt: not found (see x)',
        ),
        (
            ConfigError('class `FrameDetector` in f.py: window_stride 16 > window_size 8 (gaps)'),
            'error: window_stride 16 > window_size 8 (gaps)',
        ),
    ],
)
def test_exit_on_input_error_prints_one_line(error, expected):
    with pytest.raises(SystemExit) as exited, exit_on_input_error():
        raise error
    assert str(exited.value) == expected


def test_exit_on_input_error_reports_only_the_named_types():
    with pytest.raises(SystemExit, match='^error: bad value$'), exit_on_input_error(ValueError):
        raise ValueError('bad value')
    with pytest.raises(KeyError), exit_on_input_error():
        raise KeyError('other')


def test_an_unknown_registry_type_is_one_line_and_other_key_errors_stay_errors():
    from dad_plugins.registry import MODELS

    with pytest.raises(SystemExit, match=r'^error: Nope is not in the dad_plugins::model registry'):
        with exit_on_input_error():
            MODELS.build(dict(type='Nope'))
    with pytest.raises(KeyError), exit_on_input_error():
        {}['missing']


def test_a_misspelt_argument_of_a_part_is_one_line_and_other_type_errors_stay_errors():
    from dad_plugins.registry import MODELS

    head = dict(
        type='FrameClsHead', in_channels=4, num_clases=3, loss_cls=dict(type='MaskedBCELoss')
    )
    with pytest.raises(SystemExit) as exited, exit_on_input_error():
        MODELS.build(head)
    assert str(exited.value).startswith(
        "error: FrameClsHead got an unexpected keyword argument 'num_clases'"
    )
    with pytest.raises(
        SystemExit, match=r"^error: Adam missing 1 required positional argument: 'par"
    ):
        with exit_on_input_error():
            torch.optim.Adam()
    with pytest.raises(TypeError), exit_on_input_error():
        len(3)
