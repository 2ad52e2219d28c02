"""Clip features, the entity stream and class text embeddings of the synthetic dataset.

Clip features are ``A * sum_c a_c(t) * s_c + noise`` with class signatures ``s_c`` that share
entity and motion parts, ramped activations ``a_c(t)`` and AR(1) noise; the entity stream
follows the entity sub-labels; a class name's text embedding is the normalised mean of its
words' random unit vectors.
"""

import numpy as np
from scipy.signal import lfilter

from .scripts import Vocabulary

#: Weights of the entity, motion and class-specific parts of a class signature in the clip features:
#: like I3D, the clip stream carries motion more strongly than the objects involved.
_ENTITY_WEIGHT, _MOTION_WEIGHT, _CLASS_WEIGHT = 0.6, 1.0, 0.5


def unit_rows(rng: np.random.Generator, rows: int, dim: int) -> np.ndarray:
    """``(rows, dim)`` random unit vectors."""
    vectors = rng.standard_normal((rows, dim))
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def class_signatures(
    rng: np.random.Generator,
    vocab: Vocabulary,
    feat_dim: int,
    entity_feat_dim: int,
    signal_scale: float,
    entity_signal_scale: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Class signatures of the clip features and entity signatures of the entity stream.

    A class signature is ``signal_scale * (0.6 e_entity + m_motion + 0.5 u_c)`` with random unit
    vectors shared by the classes of one entity / one motion.

    Returns:
        tuple[np.ndarray, np.ndarray, np.ndarray]: ``(C, D)`` class signatures, ``(E, D_ent)``
        entity signatures and the ``(C, E)`` one-hot entity of each class.
    """
    num_classes = len(vocab.names)
    signatures = signal_scale * (
        _ENTITY_WEIGHT * unit_rows(rng, len(vocab.entities), feat_dim)[vocab.action_to_entity]
        + _MOTION_WEIGHT * unit_rows(rng, len(vocab.motions), feat_dim)[vocab.action_to_motion]
        + _CLASS_WEIGHT * unit_rows(rng, num_classes, feat_dim)
    )  # (C, D)
    entity_signatures = entity_signal_scale * unit_rows(
        rng, len(vocab.entities), entity_feat_dim
    )  # (E, D_ent)
    class_entity = np.eye(len(vocab.entities))[vocab.action_to_entity]  # (C, E)
    return signatures, entity_signatures, class_entity


def class_text_embeddings(
    rng: np.random.Generator, name_sets: dict[str, list[str]], text_dim: int
) -> dict[str, np.ndarray]:
    """Stand-ins for CLIP text embeddings of every name set (``{kind: names}``).

    Each word of all the names gets a random unit vector (in sorted word order); a name's
    embedding is :func:`name_embeddings` of its words.

    Returns:
        dict[str, np.ndarray]: ``{kind: (len(names), text_dim) float32}``.
    """
    words = sorted(
        {word for names in name_sets.values() for name in names for word in name.split()}
    )
    word_vectors = dict(zip(words, unit_rows(rng, len(words), text_dim)))
    return {kind: name_embeddings(names, word_vectors) for kind, names in name_sets.items()}


def name_embeddings(names: list[str], word_vectors: dict[str, np.ndarray]) -> np.ndarray:
    """``(len(names), D)`` float32 unit rows: normalised means of each name's word vectors."""
    embeddings = np.stack([np.mean([word_vectors[w] for w in n.split()], axis=0) for n in names])
    embeddings /= np.linalg.norm(embeddings, axis=1, keepdims=True)
    return embeddings.astype(np.float32)


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


def video_features(
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
