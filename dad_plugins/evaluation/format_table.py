"""Plain-text tables: an evaluator's metrics dict, or any rows."""

from collections.abc import Mapping, Sequence
from numbers import Integral, Real
from typing import Any


def _format_value(value: Any, digits: int) -> str:
    """Numbers with ``digits`` decimals (integers as they are), anything else via ``str``."""
    if isinstance(value, Integral) or not isinstance(value, Real):
        return str(value)
    return f'{float(value):.{digits}f}'


def format_metrics_table(metrics: Mapping[str, Any], digits: int = 4) -> str:
    """Format ``{'prefix/name': value}`` as one aligned table grouped by prefix.

    Keys are split at their first ``/`` into a group (the metric's prefix, e.g. ``frame``,
    ``det``) and a name; keys without a prefix go in an empty group. Rows keep the dict's order.

    Args:
        metrics (Mapping[str, Any]): Evaluator output, e.g.
            ``{'frame/mAP': 0.265, 'det/mAP@0.5': 0.31}``.
        digits (int): Decimals shown for real numbers. Defaults to 4.

    Returns:
        str: The table, one line per metric, with a header and ``+--+`` rules.

    Example:
        >>> print(format_metrics_table({'frame/mAP': 0.2651, 'det/mAP': 0.21}))
        +-------+--------+--------+
        | group | metric | value  |
        +-------+--------+--------+
        | frame | mAP    | 0.2651 |
        | det   | mAP    | 0.2100 |
        +-------+--------+--------+
    """
    rows = [('group', 'metric', 'value')]
    for key, value in metrics.items():
        group, _, name = key.partition('/') if '/' in key else ('', '', key)
        rows.append((group, name, _format_value(value, digits)))
    return format_table(rows)


def format_table(rows: Sequence[Sequence[Any]]) -> str:
    """Format rows (the first is the header) as an aligned plain-text table with ``+--+``
    rules; cells are shown with ``str``."""
    rows = [[str(cell) for cell in row] for row in rows]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    rule = '+' + '+'.join('-' * (w + 2) for w in widths) + '+'

    def line(row: list[str]) -> str:
        return '| ' + ' | '.join(cell.ljust(w) for cell, w in zip(row, widths)) + ' |'

    return '\n'.join([rule, line(rows[0]), rule, *map(line, rows[1:]), rule])
