import numpy as np

from dad_plugins.evaluation import format_metrics_table


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
