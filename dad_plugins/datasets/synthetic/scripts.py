"""Classes, scripts and the sampling of one video's duration and action segments.

Classes are ``motion entity`` pairs from one script per entity; a script is an ordered list
of phases, a long phase spanning an inner action. Durations, segment counts and relative
segment lengths are drawn from the Charades tables of
:mod:`~dad_plugins.datasets.synthetic.charades_statistics`.
"""

from dataclasses import dataclass

import numpy as np

from .charades_statistics import (
    CHARADES_DURATION_QUANTILES,
    CHARADES_MEAN_DURATION,
    CHARADES_RELATIVE_DURATION_COUNTS,
    CHARADES_SEGMENTS_PER_VIDEO_COUNTS,
)


@dataclass(frozen=True)
class _Phase:
    """One step of a script: a motion, possibly long and spanning an ``inner`` motion."""

    motion: str
    long: bool = False
    inner: str | None = None


# (entity, scenes, phases). Class ids follow this order; the first seven scripts are 24 classes.
_SCRIPTS = (
    ('cup', ('kitchen', 'living room'),
     (_Phase('take'), _Phase('hold', True, 'drink from'), _Phase('put down'))),
    ('book', ('living room', 'bedroom'),
     (_Phase('take'), _Phase('hold', True, 'look at'), _Phase('put down'))),
    ('phone', ('living room', 'bedroom'),
     (_Phase('take'), _Phase('hold', True, 'look at'), _Phase('put down'))),
    ('chair', ('kitchen', 'living room'), (_Phase('sit on', True), _Phase('stand up from'))),
    ('laptop', ('living room',), (_Phase('open'), _Phase('look at', True), _Phase('close'))),
    ('door', ('kitchen', 'living room', 'bedroom'),
     (_Phase('open'), _Phase('walk through'), _Phase('close'))),
    ('food', ('kitchen',), (_Phase('take'), _Phase('hold', True, 'eat'), _Phase('put down'))),
    ('dish', ('kitchen',), (_Phase('take'), _Phase('wash', True), _Phase('put down'))),
    ('light', ('living room', 'bedroom'), (_Phase('turn on'), _Phase('turn off'))),
    ('clothes', ('bedroom',), (_Phase('take'), _Phase('hold', True, 'tidy'), _Phase('throw'))),
    ('window', ('kitchen', 'bedroom'),
     (_Phase('open'), _Phase('look out of', True), _Phase('close'))),
    ('towel', ('kitchen', 'bedroom'), (_Phase('take'), _Phase('tidy', True), _Phase('throw'))),
)  # fmt: skip
MAX_NUM_CLASSES = sum(1 + (p.inner is not None) for _, _, phases in _SCRIPTS for p in phases)


@dataclass(frozen=True)
class Vocabulary:
    """Classes, sub-labels and scripts (phases as class ids) of one generated dataset."""

    names: list[str]
    entities: list[str]
    motions: list[str]
    action_to_entity: list[int]
    action_to_motion: list[int]
    # per script: (scenes, phases as (class id, is long, inner class id or None))
    scripts: list[tuple[tuple[str, ...], list[tuple[int, bool, int | None]]]]


def build_vocabulary(num_classes: int) -> Vocabulary:
    """The first ``num_classes`` classes of :data:`_SCRIPTS`, with scripts cut to them."""
    names, entities, motions, to_entity, to_motion, scripts = [], [], [], [], [], []

    def add(motion: str, entity: str) -> int | None:
        if len(names) == num_classes:
            return None
        for vocab, item, mapping in ((entities, entity, to_entity), (motions, motion, to_motion)):
            if item not in vocab:
                vocab.append(item)
            mapping.append(vocab.index(item))
        names.append(f'{motion} {entity}')
        return len(names) - 1

    for entity, scenes, phases in _SCRIPTS:
        script = []
        for phase in phases:
            class_id = add(phase.motion, entity)
            inner = add(phase.inner, entity) if phase.inner is not None else None
            if class_id is not None:
                script.append((class_id, phase.long, inner))
        if script:
            scripts.append((scenes, script))
    return Vocabulary(names, entities, motions, to_entity, to_motion, scripts)


def sample_duration(rng: np.random.Generator, mean_duration: float) -> float:
    """A video duration from the Charades quantile table, scaled to ``mean_duration``."""
    probs, values = np.array(CHARADES_DURATION_QUANTILES).T
    return float(np.interp(rng.uniform(probs[0], probs[-1]), probs, values)) * (
        mean_duration / CHARADES_MEAN_DURATION
    )


def _sample_relative_durations(rng: np.random.Generator, size: int) -> np.ndarray:
    """``size`` segment durations as fractions of the video, from the Charades histogram."""
    counts = np.asarray(CHARADES_RELATIVE_DURATION_COUNTS, dtype=np.float64)
    bins = rng.choice(len(counts), size=size, p=counts / counts.sum())
    return (bins + rng.uniform(size=size)) / len(counts)


def _place_script(
    rng: np.random.Generator, script: list[tuple[int, bool, int | None]], duration: float
) -> list[tuple[int, float, float]]:
    """Segments ``(class, start, end)`` of one script instance, in phase order, not yet clipped.

    Durations are sampled from the Charades histogram: long phases take the longest, inner actions
    the next ones, the other phases the shortest. Each phase starts between 1.5 s before and 2 s
    after the previous one ends; an inner action starts early in its phase and ends inside it.
    """
    num_long = sum(long for _, long, _ in script)
    num_inner = sum(inner is not None for _, _, inner in script)
    lengths = np.sort(_sample_relative_durations(rng, len(script) + num_inner) * duration)[::-1]
    long_lengths = iter(lengths[:num_long])
    inner_lengths = iter(lengths[num_long : num_long + num_inner])
    plain_lengths = iter(rng.permutation(lengths[num_long + num_inner :]))
    segments, cursor = [], 0.0
    for class_id, long, inner in script:
        length = float(next(long_lengths if long else plain_lengths))
        segments.append((class_id, cursor, cursor + length))
        if inner is not None:
            inner_start = cursor + rng.uniform(0.05, 0.3) * length
            inner_end = min(
                inner_start + next(inner_lengths), cursor + length * rng.uniform(0.9, 1)
            )
            segments.append((inner, inner_start, max(inner_end, inner_start + 0.5)))
        cursor += length + rng.uniform(-1.5, 2.0)
    span = max(end for _, _, end in segments)
    offset = rng.uniform(min(0.0, duration - span), max(0.0, duration - span))
    return [(c, start + offset, end + offset) for c, start, end in segments]


def sample_segments(
    rng: np.random.Generator, vocab: Vocabulary, duration: float, min_length: float
) -> list[tuple[int, float, float]]:
    """Segments of one video: scripts of one scene until the Charades-sampled count is reached."""
    counts = np.asarray(CHARADES_SEGMENTS_PER_VIDEO_COUNTS, dtype=np.float64)
    target = min(int(rng.choice(len(counts), p=counts / counts.sum())), len(vocab.names))
    scenes = sorted({scene for script_scenes, _ in vocab.scripts for scene in script_scenes})
    scene = scenes[rng.integers(len(scenes))]
    in_scene = [i for i, (script_scenes, _) in enumerate(vocab.scripts) if scene in script_scenes]
    others = [i for i in range(len(vocab.scripts)) if i not in in_scene]
    segments = []
    for script_id in [*rng.permutation(in_scene), *rng.permutation(others)]:
        if len(segments) >= target:
            break
        for class_id, start, end in _place_script(rng, vocab.scripts[script_id][1], duration):
            start, end = round(max(start, 0.0), 2), round(min(end, duration), 2)
            if end - start >= min_length and len(segments) < target:
                segments.append((class_id, start, end))
    return segments
