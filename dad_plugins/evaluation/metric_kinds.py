"""The metric kinds that the tools' ``--metrics`` option chooses, and the choice itself."""

from collections.abc import Sequence

#: Short names of the registered metrics, as ``--metrics`` takes them.
METRIC_KINDS = dict(
    frame='FrameMAP',
    det='DetectionMAP',
    seg='SegmentationMAP',
    ac='ActionConditionalMetric',
    multilabel='MultiLabelMetric',
)
#: What ``--metrics`` defaults to where no config names any metric.
DEFAULT_METRIC_KINDS = ('frame', 'det', 'seg', 'ac')


def choose_metrics(evaluator: dict | Sequence[dict] | None, kinds: Sequence[str] | None) -> list:
    """The metric configs of ``kinds``, each with the settings the evaluator gives it.

    Args:
        evaluator (dict | list[dict] | None): A config's ``test_evaluator``: one metric config,
            a list of them, an evaluator config with ``metrics`` (``DenseEvaluator``), or None.
        kinds (Sequence[str] | None): Keys of :data:`METRIC_KINDS`. None chooses the metrics of
            ``evaluator``, or :data:`DEFAULT_METRIC_KINDS` when it has none.

    Returns:
        list[dict]: The evaluator's entries of those kinds in its order (e.g.
        ``SegmentationMAP(mode='gaussian')``), then a default config of each kind it lacks.
        Entries that are no metric of :data:`METRIC_KINDS` (a ``DumpPredictions``) are left out.
    """
    entries = [] if evaluator is None else evaluator
    if isinstance(entries, dict) and 'metrics' in entries:
        entries = entries['metrics']
    entries = [entries] if isinstance(entries, dict) else entries
    configured = [dict(entry) for entry in entries if entry['type'] in METRIC_KINDS.values()]
    if kinds is None:
        if configured:
            return configured
        kinds = DEFAULT_METRIC_KINDS
    wanted = [METRIC_KINDS[kind] for kind in kinds]
    chosen = [entry for entry in configured if entry['type'] in wanted]
    chosen += [dict(type=t) for t in dict.fromkeys(wanted) if t not in {e['type'] for e in chosen}]
    return chosen
