"""Bad input files as one ``error: ...`` line for the command-line tools."""

from collections.abc import Iterator
from contextlib import contextmanager

from dad_plugins.datasets import AnnotationError


@contextmanager
def exit_on_input_error(*also: type[Exception]) -> Iterator[None]:
    """Turn an :class:`AnnotationError` or a missing file into ``SystemExit('error: ...')``.

    The message is one line naming the file (and the video and field when known) instead of a
    traceback; a data-loader worker re-raises an error with its traceback in the message, whose
    last line is kept.

    Args:
        *also (type[Exception]): Further exception types a tool reports the same way.
    """
    try:
        yield
    except (AnnotationError, FileNotFoundError, *also) as error:
        message = str(error).splitlines()[-1]
        message = message.split('AnnotationError: ')[-1].split('FileNotFoundError: ')[-1]
        raise SystemExit(f'error: {message}') from None
