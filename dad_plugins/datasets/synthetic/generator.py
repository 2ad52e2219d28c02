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
"""

import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np

from dad_plugins.utils.atomic_write import npy_bytes, write_atomic

from .charades_statistics import CHARADES_MEAN_DURATION, label_statistics
from .features import class_signatures, class_text_embeddings, video_features
from .scripts import (
    MAX_NUM_CLASSES,
    Vocabulary,
    build_vocabulary,
    sample_duration,
    sample_segments,
)


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
    vocab = build_vocabulary(num_classes)
    signature_seq, train_seq, test_seq, text_seq = np.random.SeedSequence(seed).spawn(4)
    signatures, entity_signatures, class_entity = class_signatures(
        np.random.default_rng(signature_seq),
        vocab,
        feat_dim,
        entity_feat_dim,
        signal_scale,
        entity_signal_scale,
    )

    videos = _generate_videos(
        vocab, num_train, num_test, train_seq, test_seq, mean_duration, feature_rate,
        signatures, entity_signatures, class_entity, noise_rho, ramp_s,
    )  # fmt: skip
    return write_generated_dataset(
        out_dir, videos, vocab, text_seq, text_dim,
        num_train=num_train, num_test=num_test, feat_dim=feat_dim,
        entity_feat_dim=entity_feat_dim, feature_rate=feature_rate, seed=seed,
    )  # fmt: skip


def _generate_videos(
    vocab: Vocabulary,
    num_train: int,
    num_test: int,
    train_seq: np.random.SeedSequence,
    test_seq: np.random.SeedSequence,
    mean_duration: float,
    feature_rate: float,
    signatures: np.ndarray,
    entity_signatures: np.ndarray,
    class_entity: np.ndarray,
    noise_rho: float,
    ramp_s: float,
) -> Iterator[tuple[str, str, float, list, np.ndarray, np.ndarray]]:
    """Yield every video of the default profile, training then testing, for write_dataset."""
    for subset, prefix, seq, count in (
        ('training', 'train', train_seq, num_train),
        ('testing', 'test', test_seq, num_test),
    ):
        for index, video_seq in enumerate(seq.spawn(count)):
            rng = np.random.default_rng(video_seq)
            duration = round(sample_duration(rng, mean_duration), 2)
            num_tokens = max(1, round(duration * feature_rate))
            segments = sample_segments(rng, vocab, duration, min_length=1.0 / feature_rate)
            features, entity_features = video_features(
                rng, segments, num_tokens, duration, signatures, entity_signatures,
                class_entity, noise_rho, ramp_s,
            )  # fmt: skip
            yield f'{prefix}_{index:05d}', subset, duration, segments, features, entity_features


def write_generated_dataset(
    out_dir: str | os.PathLike,
    videos: Iterable[tuple[str, str, float, list, np.ndarray, np.ndarray]],
    vocab: Vocabulary,
    text_seq: np.random.SeedSequence,
    text_dim: int,
    **settings: int | float,
) -> dict:
    """Write generated videos with class text embeddings drawn from ``text_seq``; summarise them.

    Args:
        out_dir (str | os.PathLike): Output directory, see :func:`write_dataset`.
        videos (Iterable): The videos, see :func:`write_dataset`.
        vocab (Vocabulary): Class names and their entity / motion sub-labels.
        text_seq (np.random.SeedSequence): Seed of the ``(C_kind, text_dim)`` class text
            embeddings of the actions, entities and motions (:func:`class_text_embeddings`).
        text_dim (int): Dimension of the class text embeddings.
        **settings: Generator settings to report: ``num_train``, ``num_test``, ``feat_dim``,
            ``entity_feat_dim``, ``feature_rate`` (also the rate of the label statistics) and
            ``seed``.

    Returns:
        dict: The written paths, ``settings``, ``num_classes``, ``num_segments``, ``classes``
        (names) and ``stats`` (:func:`label_statistics` of the written labels).
    """
    name_sets = dict(actions=vocab.names, entity=vocab.entities, motion=vocab.motions)
    text_embeddings = class_text_embeddings(np.random.default_rng(text_seq), name_sets, text_dim)
    paths, annotations = write_dataset(out_dir, videos, vocab, text_embeddings)
    num_classes = len(vocab.names)
    return {
        **paths,
        **settings,
        'num_classes': num_classes,
        'num_segments': sum(len(v['actions']) for v in annotations.values()),
        'classes': list(vocab.names),
        'stats': label_statistics(annotations, settings['feature_rate'], num_classes),
    }


def write_dataset(
    out_dir: str | os.PathLike,
    videos: Iterable[tuple[str, str, float, list, np.ndarray, np.ndarray]],
    vocab: Vocabulary,
    text_embeddings: dict[str, np.ndarray],
) -> tuple[dict, dict]:
    """Write a generated dataset in the library's data contract; ``annotations.json`` last.

    An existing ``annotations.json`` is removed before anything else is written, and the new one
    is written atomically once every other file is in place.

    Args:
        out_dir (str | os.PathLike): Output directory, created if needed.
        videos (Iterable): ``(video_id, subset, duration, segments, features, entity_features)``
            per video, with segments ``[(class, start_s, end_s)]`` and float32 ``(T, D)`` /
            ``(T, D_ent)`` features; consumed after the old annotations are removed.
        vocab (Vocabulary): Class names and their entity / motion sub-labels (``None`` when a
            class has no entity).
        text_embeddings (dict[str, np.ndarray]): ``{actions, entity, motion}`` class text
            embeddings, ``(C_kind, text_dim)`` float32.

    Returns:
        tuple[dict, dict]: The written paths (``out_dir``, ``annotations``, ``classes_file``,
        ``sub_labels_file``, ``features_dir``, ``entity_features_dir``, ``text_embeddings_dir``,
        as str) and the annotations.
    """
    out = Path(out_dir)
    annotation_path = out / 'annotations.json'
    features_dir, entity_dir = out / 'features', out / 'entity_features'
    annotation_path.unlink(missing_ok=True)
    features_dir.mkdir(parents=True, exist_ok=True)
    entity_dir.mkdir(parents=True, exist_ok=True)

    annotations = {}
    for video_id, subset, duration, segments, features, entity_features in videos:
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
            {
                'action': name,
                'entity': None if entity is None else vocab.entities[entity],
                'motion': vocab.motions[motion],
            }
            for name, entity, motion in zip(
                vocab.names, vocab.action_to_entity, vocab.action_to_motion
            )
        ],
    }
    write_atomic(sub_labels_file, (json.dumps(sub_labels, indent=1) + '\n').encode())
    text_dir = out / 'text_embeddings'
    text_dir.mkdir(parents=True, exist_ok=True)
    for kind, embeddings in text_embeddings.items():
        write_atomic(text_dir / f'{kind}.npy', npy_bytes(embeddings))
    write_atomic(annotation_path, (json.dumps(annotations) + '\n').encode())

    paths = {
        'out_dir': str(out),
        'annotations': str(annotation_path),
        'classes_file': str(classes_file),
        'sub_labels_file': str(sub_labels_file),
        'features_dir': str(features_dir),
        'entity_features_dir': str(entity_dir),
        'text_embeddings_dir': str(text_dir),
    }
    return paths, annotations
