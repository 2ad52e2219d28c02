import pytest

from dad_plugins.models.utils import check_choice, check_heads


def test_check_choice_names_the_argument_and_the_choices():
    check_choice('mode', 'max', ('max', 'mean'))
    with pytest.raises(ValueError, match=r"mode must be one of \('max', 'mean'\), got 'sum'"):
        check_choice('mode', 'sum', ('max', 'mean'))


def test_check_heads_needs_a_divisor_of_the_channels():
    check_heads(16, 4)
    with pytest.raises(ValueError, match='embed_dims 10 is not divisible by num_heads 4'):
        check_heads(10, 4)
