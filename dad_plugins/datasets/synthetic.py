"""Synthetic dense multi-label action dataset: the library's embedded default.

:func:`make_synthetic_dataset` writes a small dataset in the library's data contract (clip
features, an aligned entity stream, MS-TCT/PAT annotations, class names and the entity/motion
sub-label map) whose structure makes temporal context and label relations measurably useful:

- Classes are ``motion entity`` pairs (``'hold cup'``, ``'drink from cup'``) from one script per
  entity. A script is an ordered list of phases (``take cup`` -> ``hold cup`` -> ``put down
  cup``); a long phase (``hold cup``) spans an inner action (``drink from cup``). Scripts give
  temporal order (a phase starts within a few seconds of the previous one's end) and co-occurrence
  (long phase and inner action overlap); scenes (kitchen, living room, bedroom) group the scripts a
  video draws from, so scripts of one scene overlap in time.
- Clip features are ``A * sum_c a_c(t) * s_c + noise``: ``a_c(t)`` is 1 while class ``c`` is
  active and ramps linearly over ``ramp_s`` seconds centred on each boundary; the signature
  ``s_c = 0.6 * e_entity + m_motion + 0.5 * u_c`` (random unit vectors) shares its entity part and
  its motion part with other classes, so one token is ambiguous; the noise is AR(1) over time with
  unit variance.
- The entity stream follows the entity sub-labels (object present) with its own signatures and
  noise, more strongly than the clip features do (like CLIP image features next to I3D).
- Class text embeddings stand in for CLIP text features of ``'a photo of [class]'``: each word
  has a random unit vector and a name is the normalised mean of its words' vectors, so that
  ``'hold cup'`` lies near ``'hold book'`` and ``'take cup'``, as names sharing words do in
  CLIP's text space.

Label statistics were measured on the Charades annotations (``charades.json`` in the MS-TCT/PAT
form: 9,848 videos, 157 classes, 66,500 segments; tokens at r = 3 per second, labelled with the
library's ``'mstct'`` rule, segments clipped to the video):

==========================================  ==============================================
video duration (s)                          mean 29.66, std 9.18; quantiles in
                                            ``CHARADES_DURATION_QUANTILES`` (median 30.54)
segments per video                          mean 6.75, std 3.54; counts in
                                            ``CHARADES_SEGMENTS_PER_VIDEO_COUNTS``
videos with no actions                      2.26 % (223)
segment duration / video duration           mean 0.427, median 0.315, 13.1 % above 0.9;
                                            histogram in ``CHARADES_RELATIVE_DURATION_COUNTS``
segment duration (s)                        mean 12.5, median 8.6
distinct classes per video                  6.60 (1.02 instances per class and video)
segments overlapping another segment        98.7 %
videos with a >= 1 s background stretch     36 % of the videos with actions
tokens with at least one action             ``CHARADES_ACTIVE_TOKEN_FRACTION`` = 0.889
labels per token                            ``CHARADES_MEAN_LABELS_PER_TOKEN`` = 2.80
                                            (3.15 per token with at least one action)
==========================================  ==============================================

The generator samples video durations, segments per video and relative segment durations from these
tables; the last two rows are what the generated data should land near. Nothing is read from the
Charades files at run time.
"""

import json
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.signal import lfilter

from dad_plugins.structures.label_rules import segments_to_frame_labels
from dad_plugins.utils.atomic_write import npy_bytes, write_atomic

#: ``(probability, seconds)`` quantiles of Charades video durations; tails clipped to 1 % / 99 %.
CHARADES_DURATION_QUANTILES = (
    (0.01, 7.10), (0.05, 15.04), (0.10, 19.20), (0.20, 24.88), (0.30, 28.42), (0.40, 30.04),
    (0.50, 30.54), (0.60, 30.96), (0.70, 31.67), (0.80, 33.06), (0.90, 36.46), (0.95, 40.96),
    (0.99, 56.48),
)  # fmt: skip
CHARADES_MEAN_DURATION = 29.66
#: Number of Charades videos with n = 0, 1, ..., 19 segments; the last entry counts n >= 20.
CHARADES_SEGMENTS_PER_VIDEO_COUNTS = (
    223, 107, 398, 813, 1157, 1368, 1145, 1118, 926, 683,
    545, 416, 281, 215, 142, 112, 60, 45, 31, 24, 39,
)  # fmt: skip
#: Charades segments per bin of (end - start) / duration, ten bins of width 0.1 over [0, 1].
CHARADES_RELATIVE_DURATION_COUNTS = (1346, 15353, 14977, 8248, 5683, 4283, 3279, 2511, 2127, 8686)
CHARADES_ACTIVE_TOKEN_FRACTION = 0.889
CHARADES_MEAN_LABELS_PER_TOKEN = 2.80


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
#: Weights of the entity, motion and class-specific parts of a class signature in the clip features:
#: like I3D, the clip stream carries motion more strongly than the objects involved.
_ENTITY_WEIGHT, _MOTION_WEIGHT, _CLASS_WEIGHT = 0.6, 1.0, 0.5
MAX_NUM_CLASSES = sum(1 + (p.inner is not None) for _, _, phases in _SCRIPTS for p in phases)


@dataclass(frozen=True)
class _Vocabulary:
    """Classes, sub-labels and scripts (phases as class ids) of one generated dataset."""

    names: list[str]
    entities: list[str]
    motions: list[str]
    action_to_entity: list[int]
    action_to_motion: list[int]
    # per script: (scenes, phases as (class id, is long, inner class id or None))
    scripts: list[tuple[tuple[str, ...], list[tuple[int, bool, int | None]]]]


def _build_vocabulary(num_classes: int) -> _Vocabulary:
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
    return _Vocabulary(names, entities, motions, to_entity, to_motion, scripts)


def _sample_duration(rng: np.random.Generator, mean_duration: float) -> float:
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


def _sample_segments(
    rng: np.random.Generator, vocab: _Vocabulary, duration: float, min_length: float
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


def _ar1_noise(rng: np.random.Generator, num_tokens: int, dim: int, rho: float) -> np.ndarray:
    """``(T, dim)`` stationary AR(1) noise with unit variance and lag-one correlation ``rho``."""
    innovations = rng.standard_normal((num_tokens, dim))  # (T, dim)
    initial = rho * rng.standard_normal((1, dim))  # (1, dim): stationary start
    noise, _ = lfilter([np.sqrt(1 - rho**2)], [1.0, -rho], innovations, axis=0, zi=initial)
    return noise


def _activations(
    segments: list[tuple[int, float, float]],
    num_tokens: int,
    duration: float,
    num_classes: int,
    ramp_s: float,
) -> np.ndarray:
    """``(T, C)`` activity in ``[0, 1]`` at token times ``t * duration / T``, ramped at the ends."""
    times = np.arange(num_tokens) * duration / num_tokens  # (T,)
    activity = np.zeros((num_tokens, num_classes))
    for class_id, start, end in segments:
        depth = np.minimum(times - start, end - times)  # (T,) > 0 inside the segment
        ramp = np.clip(0.5 + depth / ramp_s, 0.0, 1.0)
        activity[:, class_id] = np.maximum(activity[:, class_id], ramp)
    return activity


def _video_features(
    rng: np.random.Generator,
    segments: list[tuple[int, float, float]],
    num_tokens: int,
    duration: float,
    signatures: np.ndarray,
    entity_signatures: np.ndarray,
    class_entity: np.ndarray,
    noise_rho: float,
    ramp_s: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Clip features ``(T, D)`` and entity features ``(T, D_ent)`` of one video, float32.

    Args:
        signatures (np.ndarray): ``(C, D)`` class signatures, scaled.
        entity_signatures (np.ndarray): ``(E, D_ent)`` entity signatures, scaled.
        class_entity (np.ndarray): ``(C, E)`` one-hot entity of each class.
    """
    activity = _activations(segments, num_tokens, duration, len(signatures), ramp_s)  # (T, C)
    entity_activity = (activity[:, :, None] * class_entity).max(axis=1)  # (T, E)
    features = activity @ signatures + _ar1_noise(rng, num_tokens, signatures.shape[1], noise_rho)
    entity_features = entity_activity @ entity_signatures + _ar1_noise(
        rng, num_tokens, entity_signatures.shape[1], noise_rho
    )
    return features.astype(np.float32), entity_features.astype(np.float32)


def _label_statistics(annotations: dict, feature_rate: float, num_classes: int) -> dict:
    """The Charades-comparable statistics of generated annotations (``'mstct'`` label rule)."""
    num_videos = max(len(annotations), 1)
    num_tokens, active_tokens, num_labels = 0, 0, 0.0
    for video in annotations.values():
        tokens = max(1, round(video['duration'] * feature_rate))
        actions = np.array(video['actions'], dtype=np.float64).reshape(-1, 3)
        labels = segments_to_frame_labels(
            actions[:, 1:],
            actions[:, 0].astype(np.int64),
            tokens,
            tokens / video['duration'],
            num_classes,
        )  # (T, C)
        num_tokens += tokens
        active_tokens += int(labels.any(axis=1).sum())
        num_labels += float(labels.sum())
    return {
        'mean_duration': sum(v['duration'] for v in annotations.values()) / num_videos,
        'segments_per_video': sum(len(v['actions']) for v in annotations.values()) / num_videos,
        'empty_video_fraction': sum(not v['actions'] for v in annotations.values()) / num_videos,
        'active_token_fraction': active_tokens / max(num_tokens, 1),
        'mean_labels_per_token': num_labels / max(num_tokens, 1),
    }


def _unit_rows(rng: np.random.Generator, rows: int, dim: int) -> np.ndarray:
    """``(rows, dim)`` random unit vectors."""
    vectors = rng.standard_normal((rows, dim))
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def _name_embeddings(names: list[str], word_vectors: dict[str, np.ndarray]) -> np.ndarray:
    """``(len(names), D)`` float32 unit rows: normalised means of each name's word vectors."""
    embeddings = np.stack([np.mean([word_vectors[w] for w in n.split()], axis=0) for n in names])
    embeddings /= np.linalg.norm(embeddings, axis=1, keepdims=True)
    return embeddings.astype(np.float32)


def make_synthetic_dataset(
    out_dir: str | os.PathLike,
    num_train: int = 240,
    num_test: int = 80,
    feat_dim: int = 64,
    seed: int = 0,
    *,
    entity_feat_dim: int = 16,
    num_classes: int = 24,
    feature_rate: float = 3.0,
    mean_duration: float = CHARADES_MEAN_DURATION,
    signal_scale: float = 1.0,
    entity_signal_scale: float = 2.0,
    noise_rho: float = 0.5,
    ramp_s: float = 1.0,
    text_dim: int = 32,
) -> dict:
    """Generate the synthetic dataset into ``out_dir``.

    Writes ``features/{video_id}.npy`` (``(T, feat_dim)`` float32, ``T = round(duration *
    feature_rate)``), ``entity_features/{video_id}.npy`` (``(T, entity_feat_dim)`` float32),
    ``classes.txt`` (``c000 take cup``), ``sub_labels.json`` (the entity/motion sub-label map,
    :mod:`~dad_plugins.datasets.sub_label_map`), ``text_embeddings/{actions,entity,motion}.npy``
    (``(C_kind, text_dim)`` float32 class text embeddings) and, last and atomically,
    ``annotations.json`` (``{video_id: {subset, duration, actions}}``), which marks the dataset
    complete: an existing one is removed before anything else is written. Videos are
    ``train_00000``... (``"training"``) and ``test_00000``... (``"testing"``); each video's content
    depends only on ``seed``, its split and its index, and the same arguments give byte-identical
    files.

    Args:
        out_dir (str | os.PathLike): Output directory, created if needed.
        num_train (int): Training videos. Defaults to 240.
        num_test (int): Testing videos. Defaults to 80.
        feat_dim (int): ``D`` of the clip features. Defaults to 64.
        seed (int): Random seed. Defaults to 0.
        entity_feat_dim (int): ``D_ent`` of the entity stream. Defaults to 16.
        num_classes (int): Number of classes, at most :data:`MAX_NUM_CLASSES` (39). Defaults to 24.
        feature_rate (float): Tokens per second. Defaults to 3.0 (I3D, 8-frame clips at 24 fps).
        mean_duration (float): Mean video duration in seconds. Defaults to Charades' 29.66.
        signal_scale (float): Amplitude ``A`` of class signatures relative to the unit-variance
            noise. Defaults to 1.0.
        entity_signal_scale (float): Amplitude of entity signatures in the entity stream.
            Defaults to 2.0.
        noise_rho (float): Lag-one correlation of the AR(1) noise, in ``[0, 1)``. Defaults to 0.5.
        ramp_s (float): Width in seconds of the linear ramp centred on each boundary.
            Defaults to 1.0.
        text_dim (int): Dimension of the class text embeddings. Defaults to 32.

    Returns:
        dict: ``out_dir``, ``annotations``, ``classes_file``, ``sub_labels_file``, ``features_dir``,
        ``entity_features_dir``, ``text_embeddings_dir`` (paths as str), ``num_train``,
        ``num_test``, ``num_classes``, ``num_segments``, ``feat_dim``, ``entity_feat_dim``,
        ``feature_rate``, ``seed``, ``classes``
        (names) and ``stats`` (``mean_duration``, ``segments_per_video``, ``empty_video_fraction``,
        ``active_token_fraction``, ``mean_labels_per_token``, measured on the generated labels).
    """
    if not 2 <= num_classes <= MAX_NUM_CLASSES:
        raise ValueError(f'num_classes must be in [2, {MAX_NUM_CLASSES}], got {num_classes}')
    if min(num_train, num_test) < 0 or min(feat_dim, entity_feat_dim, text_dim) < 1:
        raise ValueError(
            'num_train and num_test must be >= 0; feat_dim, entity_feat_dim and text_dim >= 1'
        )
    if not 0 <= noise_rho < 1 or min(feature_rate, mean_duration, ramp_s) <= 0:
        raise ValueError('noise_rho must be in [0, 1); feature_rate, mean_duration, ramp_s > 0')
    vocab = _build_vocabulary(num_classes)
    signature_seq, train_seq, test_seq, text_seq = np.random.SeedSequence(seed).spawn(4)
    sig_rng = np.random.default_rng(signature_seq)
    signatures = signal_scale * (
        _ENTITY_WEIGHT * _unit_rows(sig_rng, len(vocab.entities), feat_dim)[vocab.action_to_entity]
        + _MOTION_WEIGHT * _unit_rows(sig_rng, len(vocab.motions), feat_dim)[vocab.action_to_motion]
        + _CLASS_WEIGHT * _unit_rows(sig_rng, num_classes, feat_dim)
    )  # (C, D)
    entity_signatures = entity_signal_scale * _unit_rows(
        sig_rng, len(vocab.entities), entity_feat_dim
    )  # (E, D_ent)
    class_entity = np.eye(len(vocab.entities))[vocab.action_to_entity]  # (C, E)

    out = Path(out_dir)
    annotation_path = out / 'annotations.json'
    features_dir, entity_dir = out / 'features', out / 'entity_features'
    annotation_path.unlink(missing_ok=True)
    features_dir.mkdir(parents=True, exist_ok=True)
    entity_dir.mkdir(parents=True, exist_ok=True)

    annotations = {}
    for subset, prefix, seq, count in (
        ('training', 'train', train_seq, num_train),
        ('testing', 'test', test_seq, num_test),
    ):
        for index, video_seq in enumerate(seq.spawn(count)):
            rng = np.random.default_rng(video_seq)
            duration = round(_sample_duration(rng, mean_duration), 2)
            num_tokens = max(1, round(duration * feature_rate))
            segments = _sample_segments(rng, vocab, duration, min_length=1.0 / feature_rate)
            features, entity_features = _video_features(
                rng, segments, num_tokens, duration, signatures, entity_signatures,
                class_entity, noise_rho, ramp_s,
            )  # fmt: skip
            video_id = f'{prefix}_{index:05d}'
            write_atomic(features_dir / f'{video_id}.npy', npy_bytes(features))
            write_atomic(entity_dir / f'{video_id}.npy', npy_bytes(entity_features))
            annotations[video_id] = {
                'subset': subset,
                'duration': duration,
                'actions': [[c, start, end] for c, start, end in segments],
            }

    classes_file, sub_labels_file = out / 'classes.txt', out / 'sub_labels.json'
    class_lines = ''.join(f'c{i:03d} {name}\n' for i, name in enumerate(vocab.names))
    write_atomic(classes_file, class_lines.encode())
    sub_labels = {
        'entity_classes': vocab.entities,
        'motion_classes': vocab.motions,
        'actions': [
            {'action': name, 'entity': vocab.entities[entity], 'motion': vocab.motions[motion]}
            for name, entity, motion in zip(
                vocab.names, vocab.action_to_entity, vocab.action_to_motion
            )
        ],
    }
    write_atomic(sub_labels_file, (json.dumps(sub_labels, indent=1) + '\n').encode())
    text_dir = out / 'text_embeddings'
    text_dir.mkdir(parents=True, exist_ok=True)
    name_sets = dict(actions=vocab.names, entity=vocab.entities, motion=vocab.motions)
    words = sorted(
        {word for names in name_sets.values() for name in names for word in name.split()}
    )
    word_vectors = dict(
        zip(words, _unit_rows(np.random.default_rng(text_seq), len(words), text_dim))
    )
    for kind, names in name_sets.items():
        embeddings = _name_embeddings(names, word_vectors)
        write_atomic(text_dir / f'{kind}.npy', npy_bytes(embeddings))
    write_atomic(annotation_path, (json.dumps(annotations) + '\n').encode())

    return {
        'out_dir': str(out),
        'annotations': str(annotation_path),
        'classes_file': str(classes_file),
        'sub_labels_file': str(sub_labels_file),
        'features_dir': str(features_dir),
        'entity_features_dir': str(entity_dir),
        'text_embeddings_dir': str(text_dir),
        'num_train': num_train,
        'num_test': num_test,
        'num_classes': num_classes,
        'num_segments': sum(len(v['actions']) for v in annotations.values()),
        'feat_dim': feat_dim,
        'entity_feat_dim': entity_feat_dim,
        'feature_rate': feature_rate,
        'seed': seed,
        'classes': list(vocab.names),
        'stats': _label_statistics(annotations, feature_rate, num_classes),
    }
