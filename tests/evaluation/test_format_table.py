import numpy as np

from dad_plugins.evaluation import format_metrics_table
from dad_plugins.evaluation.format_table import format_table


def test_format_metrics_table():
    table = format_metrics_table(
        {'frame/mAP': 0.26512, 'det/mAP@0.5': np.float64(0.3), 'count': 3, 'note': 'x'}
    )
    lines = table.splitlines()
    assert lines[0] == lines[2] == lines[-1]
    assert lines[1].split() == ['|', 'group', '|', 'metric', '|', 'value', '|']
    assert lines[3].split() == ['|', 'frame', '|', 'mAP', '|', '0.2651', '|']
    assert lines[4].split() == ['|', 'det', '|', 'mAP@0.5', '|', '0.3000', '|']
    assert lines[5].split() == ['|', '|', 'count', '|', '3', '|']
    assert lines[6].split() == ['|', '|', 'note', '|', 'x', '|']
    assert len({len(line) for line in lines}) == 1


def test_format_table_aligns_any_number_of_columns():
    table = format_table([['class', 'name', 'frame_AP'], [0, 'take cup', '0.5'], [12, 'a', '']])
    lines = table.splitlines()
    assert lines[0] == lines[2] == lines[-1] == '+-------+----------+----------+'
    assert lines[3] == '| 0     | take cup | 0.5      |'
    assert lines[4] == '| 12    | a        |          |'
