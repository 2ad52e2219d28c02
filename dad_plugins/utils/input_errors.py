"""Bad input files: the error every reader raises, and its one-line report in the tools."""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class AnnotationError(ValueError):
    """A structural fault in an annotation or feature file.

    Args:
        path (str | Path): The faulty file, or the whole message when ``message`` is None (the
            form in which wrappers such as PyTorch's data-loader workers re-raise it).
        message (str, optional): What is wrong.
        video (str, optional): The video concerned.
        field_name (str, optional): The field or stream concerned.
    """

    def __init__(
        self,
        path: str | Path,
        message: str | None = None,
        video: str | None = None,
        field_name: str | None = None,
    ) -> None:
        if message is None:
            super().__init__(str(path))
            return
        where = [str(path)]
        if video is not None:
            where.append(f'video {video!r}')
        if field_name is not None:
            where.append(f'field {field_name!r}')
        super().__init__(f'{", ".join(where)}: {message}')


class ConfigError(ValueError):
    """A config value that cannot work (e.g. sliding windows that leave tokens unscored)."""


@contextmanager
def exit_on_input_error(*also: type[Exception]) -> Iterator[None]:
    """Turn an :class:`AnnotationError`, a :class:`ConfigError`, a missing file, a ``type`` that
    no registry knows
    (a misspelt part in a config) or an argument that a part does not take (a misspelt key
    inside it, e.g. ``num_clases``) into ``SystemExit('error: ...')``.

    The message is one line naming the file (and the video and field when known) instead of a
    traceback; a data-loader worker re-raises an error with its traceback in the message, whose
    last line is kept.

    Args:
        *also (type[Exception]): Further exception types a tool reports the same way.
    """
    try:
        yield
    except KeyError as error:
        message = str(error.args[0]) if error.args else ''
        if ' registry' not in message:  # a programming error, not a config one
            raise
        raise SystemExit(f'error: {message.split(" More details")[0]}') from None
    except TypeError as error:
        argument = _CONSTRUCTOR_ARGUMENT.search(str(error))
        if argument is None:  # a programming error, not a config one
            raise
        parts = [wrapped or own for wrapped, own in _BUILT_CLASS.findall(str(error))]
        part = parts[-1] if parts else 'a part of the config'
        raise SystemExit(
            f'error: {part} {argument.group(0)}: is a key of the config misspelt?'
        ) from None
    except (AnnotationError, ConfigError, FileNotFoundError, *also) as error:
        message = str(error).splitlines()[-1].split('AnnotationError: ')[-1]
        message = _WRAPPER_PREFIX.sub('', message)
        raise SystemExit(f'error: {message}') from None


#: A constructor called with an argument it does not take, or without one it needs.
_CONSTRUCTOR_ARGUMENT = re.compile(
    r"got an unexpected keyword argument '\w+'|missing \d+ required (?:keyword-only |positional )?"
    r'arguments?: .*'
)

#: The class whose constructor failed: as mmengine names it when building, or as Python does
#: (the innermost is last).
_BUILT_CLASS = re.compile(r'class `(\w+)` in |(\w+)\.__init__\(\)')

#: What re-raising adds in front of the message: mmengine's ``class `X` in module.py: `` when a
#: registered class fails to build, an exception name when a data-loader worker re-raises.
_WRAPPER_PREFIX = re.compile(r'^(?:class `\w+` in \S+: )?(?:\w+(?:Error|Exception): )?')
