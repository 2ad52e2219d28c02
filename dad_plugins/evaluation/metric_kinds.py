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


def evaluator_metrics(evaluator: dict | Sequence[dict] | None) -> list[dict]:
    """The metric configs of a config's ``val_evaluator`` or ``test_evaluator``.

    Args:
        evaluator (dict | list[dict] | None): One metric config, a list of them, an evaluator
            config with ``metrics`` (``DenseEvaluator``), or None.

    Returns:
        list[dict]: The metric configs in their order; empty for None.
    """
    entries = [] if evaluator is None else evaluator
    if isinstance(entries, dict) and 'metrics' in entries:
        entries = entries['metrics']
    return [entries] if isinstance(entries, dict) else list(entries)


def choose_metrics(evaluator: dict | Sequence[dict] | None, kinds: Sequence[str] | None) -> list:
    """The metric configs of ``kinds``, each with the settings the evaluator gives it.

    Args:
        evaluator (dict | list[dict] | None): A config's ``test_evaluator``, as
            :func:`evaluator_metrics` reads it.
        kinds (Sequence[str] | None): Keys of :data:`METRIC_KINDS`. None chooses the metrics of
            ``evaluator``, or :data:`DEFAULT_METRIC_KINDS` when it has none.

    Returns:
        list[dict]: The evaluator's entries of those kinds in its order (e.g.
        ``SegmentationMAP(mode='gaussian')``), then a default config of each kind it lacks.
        Entries that are no metric of :data:`METRIC_KINDS` (a ``DumpPredictions``) are left out.
    """
    configured = [
        dict(entry)
        for entry in evaluator_metrics(evaluator)
        if entry['type'] in METRIC_KINDS.values()
    ]
    if kinds is None:
        if configured:
            return configured
        kinds = DEFAULT_METRIC_KINDS
    wanted = [METRIC_KINDS[kind] for kind in kinds]
    chosen = [entry for entry in configured if entry['type'] in wanted]
    chosen += [dict(type=t) for t in dict.fromkeys(wanted) if t not in {e['type'] for e in chosen}]
    return chosen
