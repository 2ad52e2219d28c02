"""Checks of constructor arguments that many parts share, with one wording of their errors."""

from collections.abc import Container


def check_choice(name: str, value: object, choices: Container) -> None:
    """Raise ``ValueError`` unless ``value`` is one of ``choices``.

    Args:
        name (str): The argument's name, for the message.
        value (object): The given value.
        choices (Container): The accepted values (a tuple, shown in the message).
    """
    if value not in choices:
        raise ValueError(f'{name} must be one of {choices}, got {value!r}')


def check_heads(embed_dims: int, num_heads: int) -> None:
    """Raise ``ValueError`` unless ``num_heads`` divides ``embed_dims``."""
    if embed_dims % num_heads != 0:
        raise ValueError(f'embed_dims {embed_dims} is not divisible by num_heads {num_heads}')
