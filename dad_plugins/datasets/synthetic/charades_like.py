"""The ``charades-like`` profile: real Charades label structure under weak, context-only features.

Each generated video copies the label structure of one real Charades video, drawn with replacement
from the same split of the source annotations (``charades.json``): its duration and every segment
of the kept classes, so durations, timing, co-occurrence and the order of actions are Charades'
own. The kept classes are the ``num_classes`` most frequent classes of the source's training
split, in their Charades order, with the real names and the entity / motion sub-labels of
``dad_plugins/datasets/sub_labels/charades.json``.

Clip features are ``A * sum_c a_c(t) * s_c + noise`` as in the default profile, with a weaker
signal and more strongly correlated AR(1) noise, and ``context_pairs`` pairs of classes of one
entity (``'Holding a cup'`` / ``'Drinking from a cup'``) that share their whole signature: a token
of one is distributed exactly like a token of the other, in both streams, so only context (what
co-occurs, what came before) tells them apart.
"""

import json
import os
import warnings
from pathlib import Path

import numpy as np

from dad_plugins.datasets.annotation_cleaning import clean_annotations
from dad_plugins.datasets.annotation_readers import ClassNames, VideoAnnotation, read_annotations

from .features import (
    _CLASS_WEIGHT,
    _ENTITY_WEIGHT,
    _MOTION_WEIGHT,
    unit_rows,
    video_features,
)
from .generator import write_generated_dataset
from .scripts import Vocabulary

#: The Charades entity / motion sub-label map shipped with the library (157 classes).
CHARADES_SUB_LABELS = Path(__file__).resolve().parents[1] / 'sub_labels' / 'charades.json'
CHARADES_NUM_CLASSES = 157


def make_charades_like_dataset(
    out_dir: str | os.PathLike,
    source: str | os.PathLike,
    num_train: int = 800,
    num_test: int = 200,
    feat_dim: int = 64,
    seed: int = 0,
    *,
    entity_feat_dim: int = 16,
    num_classes: int = 24,
    context_pairs: int = 4,
    feature_rate: float = 3.0,
    signal_scale: float = 0.6,
    entity_signal_scale: float = 1.0,
    noise_rho: float = 0.8,
    ramp_s: float = 1.0,
    text_dim: int = 32,
) -> dict:
    """Generate the ``charades-like`` profile into ``out_dir`` from the Charades annotations.

    Writes the files of :func:`~dad_plugins.datasets.synthetic.make_synthetic_dataset`, in the
    same layout. Each video's content depends only on ``seed``, its split and its index, and the
    same arguments and source give byte-identical files.

    Args:
        out_dir (str | os.PathLike): Output directory, created if needed.
        source (str | os.PathLike): Charades annotations in the MS-TCT/PAT form
            (``charades.json``): 157 classes indexed from 0, ``training`` / ``testing`` subsets.
        num_train (int): Training videos, drawn from the source's training split. Defaults to 800.
        num_test (int): Testing videos, drawn from the source's testing split. Defaults to 200.
        feat_dim (int): ``D`` of the clip features. Defaults to 64.
        seed (int): Random seed. Defaults to 0.
        entity_feat_dim (int): ``D_ent`` of the entity stream. Defaults to 16.
        num_classes (int): Keep the most frequent classes of the training split, 2 to 157.
            Defaults to 24.
        context_pairs (int): Pairs of classes of one entity sharing one signature. Defaults to 4.
        feature_rate (float): Tokens per second. Defaults to 3.0.
        signal_scale (float): Amplitude ``A`` of class signatures relative to the unit-variance
            noise. Defaults to 0.6.
        entity_signal_scale (float): Amplitude of entity signatures in the entity stream.
            Defaults to 1.0.
        noise_rho (float): Lag-one correlation of the AR(1) noise, in ``[0, 1)``. Defaults to 0.8.
        ramp_s (float): Width in seconds of the ramp centred on each boundary. Defaults to 1.0.
        text_dim (int): Dimension of the class text embeddings. Defaults to 32.

    Returns:
        dict: The keys of :func:`~dad_plugins.datasets.synthetic.make_synthetic_dataset` plus
        ``source_classes`` (the Charades index of each class), ``context_pairs`` (pairs of class
        indices sharing a signature) and ``source_videos`` (``{video_id: source video id}``).
    """
    if not 2 <= num_classes <= CHARADES_NUM_CLASSES:
        raise ValueError(f'num_classes must be in [2, {CHARADES_NUM_CLASSES}], got {num_classes}')
    if min(num_train, num_test, context_pairs) < 0 or min(feat_dim, entity_feat_dim, text_dim) < 1:
        raise ValueError(
            'num_train, num_test and context_pairs must be >= 0; '
            'feat_dim, entity_feat_dim and text_dim >= 1'
        )
    if not 0 <= noise_rho < 1 or min(feature_rate, ramp_s) <= 0:
        raise ValueError('noise_rho must be in [0, 1); feature_rate and ramp_s must be > 0')
    sub_labels = json.loads(CHARADES_SUB_LABELS.read_text())['actions']
    splits = read_source(source)
    kept = most_frequent_classes(splits['training'], num_classes)
    vocab = _vocabulary(sub_labels, kept)
    signature_seq, pair_seq, train_seq, test_seq, text_seq = np.random.SeedSequence(seed).spawn(5)
    pairs = choose_context_pairs(np.random.default_rng(pair_seq), vocab, context_pairs)
    signatures, entity_signatures, class_entity = _class_signatures(
        np.random.default_rng(signature_seq), vocab, feat_dim, entity_feat_dim, pairs,
        signal_scale, entity_signal_scale,
    )  # fmt: skip
    new_index = {int(c): i for i, c in enumerate(kept)}
    min_length = 1.0 / feature_rate
    source_videos = {}

    def videos():
        for subset, prefix, seq, count in (
            ('training', 'train', train_seq, num_train),
            ('testing', 'test', test_seq, num_test),
        ):
            pool = splits[subset]
            if count and not pool:
                raise ValueError(f'{source}: no {subset!r} videos to draw {count} from')
            for index, video_seq in enumerate(seq.spawn(count)):
                rng = np.random.default_rng(video_seq)
                real = pool[rng.integers(len(pool))]
                segments = [
                    (new_index[int(label)], round(float(start), 2), round(float(end), 2))
                    for label, (start, end) in zip(real.labels, real.segments)
                    if int(label) in new_index and end - start >= min_length
                ]
                duration = round(real.duration, 2)
                num_tokens = max(1, round(duration * feature_rate))
                features, entity_features = video_features(
                    rng, segments, num_tokens, duration, signatures, entity_signatures,
                    class_entity, noise_rho, ramp_s,
                )  # fmt: skip
                video_id = f'{prefix}_{index:05d}'
                source_videos[video_id] = real.video_id
                yield video_id, subset, duration, segments, features, entity_features

    summary = write_generated_dataset(
        out_dir, videos(), vocab, text_seq, text_dim,
        num_train=num_train, num_test=num_test, feat_dim=feat_dim,
        entity_feat_dim=entity_feat_dim, feature_rate=feature_rate, seed=seed,
    )  # fmt: skip
    return {
        **summary,
        'source_classes': [int(c) for c in kept],
        'context_pairs': pairs,
        'source_videos': source_videos,
    }


def read_source(source: str | os.PathLike) -> dict[str, list[VideoAnnotation]]:
    """The Charades videos of ``source`` by subset, cleaned by the library's policy (silently)."""
    names = [f'c{i:03d}' for i in range(CHARADES_NUM_CLASSES)]
    videos = read_annotations(source, ClassNames(names, list(range(CHARADES_NUM_CLASSES))))
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        clean_annotations(videos, source)
    return {
        subset: [video for video in videos if video.subset == subset]
        for subset in ('training', 'testing')
    }


def most_frequent_classes(videos: list[VideoAnnotation], num_classes: int) -> np.ndarray:
    """Indices of the ``num_classes`` classes with the most segments (ties: lower index), sorted."""
    counts = np.bincount(
        np.concatenate([v.labels for v in videos] + [np.zeros(0, np.int64)]),
        minlength=CHARADES_NUM_CLASSES,
    )
    order = np.lexsort((np.arange(len(counts)), -counts))
    return np.sort(order[:num_classes])


def _vocabulary(sub_labels: list[dict], kept: np.ndarray) -> Vocabulary:
    """Names and sub-labels of the kept classes; entities / motions in their first-use order."""
    names, entities, motions, to_entity, to_motion = [], [], [], [], []
    for class_id in kept:
        action = sub_labels[int(class_id)]
        names.append(action['action'])
        entity, motion = action['entity'], action['motion']
        if entity is not None and entity not in entities:
            entities.append(entity)
        if motion not in motions:
            motions.append(motion)
        to_entity.append(None if entity is None else entities.index(entity))
        to_motion.append(motions.index(motion))
    return Vocabulary(names, entities, motions, to_entity, to_motion, scripts=[])


def choose_context_pairs(
    rng: np.random.Generator, vocab: Vocabulary, num_pairs: int
) -> list[tuple[int, int]]:
    """``num_pairs`` disjoint pairs of classes with the same entity (or both without one).

    Raises:
        ValueError: When the kept classes hold fewer such pairs.
    """
    groups: dict = {}
    for class_id, entity in enumerate(vocab.action_to_entity):
        groups.setdefault(entity, []).append(class_id)
    candidates = []
    for members in groups.values():
        members = list(rng.permutation(members))
        candidates += [
            tuple(sorted(map(int, members[i : i + 2]))) for i in range(0, len(members) - 1, 2)
        ]
    if num_pairs > len(candidates):
        raise ValueError(
            f'context_pairs={num_pairs}, but the {len(vocab.names)} kept classes hold only '
            f'{len(candidates)} disjoint pairs of one entity'
        )
    chosen = rng.permutation(len(candidates))[:num_pairs]
    return sorted(candidates[i] for i in chosen)


def _class_signatures(
    rng: np.random.Generator,
    vocab: Vocabulary,
    feat_dim: int,
    entity_feat_dim: int,
    pairs: list[tuple[int, int]],
    signal_scale: float,
    entity_signal_scale: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Class signatures with the second class of each pair given the first one's signature.

    A signature is ``signal_scale * (0.6 e_entity + m_motion + 0.5 u_c)``; classes without an
    entity have no entity part and nothing in the entity stream.

    Returns:
        tuple[np.ndarray, np.ndarray, np.ndarray]: ``(C, D)`` class signatures, ``(E, D_ent)``
        entity signatures and the ``(C, E)`` one-hot entity of each class (zero rows without one).
    """
    num_classes, num_entities = len(vocab.names), len(vocab.entities)
    class_entity = np.zeros((num_classes, num_entities))
    for class_id, entity in enumerate(vocab.action_to_entity):
        if entity is not None:
            class_entity[class_id, entity] = 1.0
    signatures = signal_scale * (
        _ENTITY_WEIGHT * class_entity @ unit_rows(rng, num_entities, feat_dim)
        + _MOTION_WEIGHT * unit_rows(rng, len(vocab.motions), feat_dim)[vocab.action_to_motion]
        + _CLASS_WEIGHT * unit_rows(rng, num_classes, feat_dim)
    )  # (C, D)
    for first, second in pairs:
        signatures[second] = signatures[first]
    entity_signatures = entity_signal_scale * unit_rows(rng, num_entities, entity_feat_dim)
    return signatures, entity_signatures, class_entity
