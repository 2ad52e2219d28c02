"""Conversions between per-token class scores ``(T, C)`` and segment detections ``(N, 4)``.

Time convention (:mod:`~dad_plugins.structures.token_times`): token ``t`` covers
``[t / r, (t + 1) / r)`` seconds, ``r`` being the feature rate in tokens per second. A detection
row is ``[start_s, end_s, class, score]``.
"""

from typing import Literal

import numpy as np
import torch

from .token_times import seconds_to_tokens, token_to_seconds

# Tolerance (in tokens) when turning seconds back into token indices, so that boundaries written
# by `frames_to_segments` (``t / r``) map back to ``t`` despite floating-point rounding.
_TOKEN_EPS = 1e-6
# Beyond this many sigmas the Gaussian density underflows to 0 in float64 (exp(-40**2 / 2)), so
# marks farther outside the video than that contribute exactly nothing.
_UNDERFLOW_SIGMAS = 40


def _as_numpy(array: np.ndarray | torch.Tensor) -> np.ndarray:
    """Return ``array`` as a NumPy array (tensors are detached and moved to the CPU)."""
    if isinstance(array, torch.Tensor):
        return array.detach().cpu().numpy()
    return np.asarray(array)


def frames_to_segments(
    scores: np.ndarray | torch.Tensor,
    threshold: float = 0.5,
    min_length: int = 1,
    score_rule: Literal['mean', 'max'] = 'mean',
    feature_rate: float = 1.0,
    offset: float = 0.0,
) -> np.ndarray:
    """Turn per-token class scores into segments by per-class thresholding.

    For every class independently, tokens with ``score >= threshold`` are grouped into maximal runs
    of consecutive tokens. A run of tokens ``t0 .. t1`` (inclusive) becomes the segment
    ``[t0 / r + offset, (t1 + 1) / r + offset]`` seconds, scored by the mean or the max of the
    run's token scores. Runs shorter than ``min_length`` tokens are dropped. Run detection is a
    single ``diff`` over the whole ``(T, C)`` mask (no loop over tokens or classes).

    Args:
        scores (np.ndarray | torch.Tensor): Per-token class scores ``(T, C)``.
        threshold (float): Score at or above which a token belongs to a segment. Defaults to 0.5.
        min_length (int): Minimum run length in tokens. Defaults to 1.
        score_rule (str): ``'mean'`` (default) or ``'max'`` of the run's scores.
        feature_rate (float): Tokens per second ``r``. Defaults to 1.0 (times in tokens).
        offset (float): Seconds added to both boundaries (e.g. a window start). Defaults to 0.

    Returns:
        np.ndarray: ``(N, 4)`` float64 rows ``[start_s, end_s, class, score]``, ordered by class,
        then by start.
    """
    if score_rule not in ('mean', 'max'):
        raise ValueError(f"frames_to_segments: score_rule must be 'mean' or 'max': {score_rule!r}")
    scores_ct = _as_numpy(scores).T  # (C, T)
    num_classes, num_tokens = scores_ct.shape
    mask = np.zeros((num_classes, num_tokens + 2), dtype=np.int8)  # (C, T + 2)
    mask[:, 1:-1] = scores_ct >= threshold
    edges = np.diff(mask, axis=1)  # (C, T + 1): +1 at a run start, -1 one past its end
    labels, starts = np.nonzero(edges == 1)  # (N,) each, class-major
    _, ends = np.nonzero(edges == -1)  # (N,) exclusive ends, same order
    keep = ends - starts >= max(min_length, 1)
    labels, starts, ends = labels[keep], starts[keep], ends[keep]
    if score_rule == 'mean':
        cumsum = np.zeros((num_classes, num_tokens + 1))  # (C, T + 1)
        np.cumsum(scores_ct, axis=1, out=cumsum[:, 1:])
        run_scores = (cumsum[labels, ends] - cumsum[labels, starts]) / (ends - starts)
    else:
        flat = np.append(scores_ct.ravel(), 0)  # (C * T + 1,): one sentinel for the last end
        bounds = np.stack([starts, ends], axis=1).ravel() + np.repeat(labels * num_tokens, 2)
        run_scores = np.maximum.reduceat(flat, bounds)[::2] if bounds.size else bounds
    start_s = token_to_seconds(starts, feature_rate) + offset  # (N,)
    end_s = token_to_seconds(ends, feature_rate) + offset  # (N,): end of the run's last token
    return np.stack([start_s, end_s, labels, run_scores], axis=1).astype(np.float64)


def _token_ranges(
    detections: np.ndarray, feature_rate: float, mode: Literal['max', 'gaussian']
) -> tuple[np.ndarray, np.ndarray]:
    """First and one-past-last token of each detection (unclipped).

    ``'max'``: tokens whose interval overlaps the segment, ``[floor(s r), ceil(e r))``;
    ``'gaussian'``: PointTAD's ``[int(s r), int(e r))`` (truncation toward zero).
    """
    start = seconds_to_tokens(detections[:, 0], feature_rate)  # (N,)
    end = seconds_to_tokens(detections[:, 1], feature_rate)  # (N,)
    if mode == 'max':
        return np.floor(start + _TOKEN_EPS), np.ceil(end - _TOKEN_EPS)
    return np.trunc(start), np.trunc(end)


def _paint_max(
    first: np.ndarray, last: np.ndarray, labels: np.ndarray, values: np.ndarray, out: np.ndarray
) -> None:
    """``out[c, t] = max(out[c, t], v)`` for every detection's tokens ``first <= t < last``.

    ``out`` is class-major ``(C, L)``; tokens are column indices into it.
    """
    lengths = (last - first).astype(np.int64)  # (N,)
    run_start = np.cumsum(lengths) - lengths  # (N,)
    first_flat = labels * out.shape[1] + first.astype(np.int64)  # (N,)
    flat = np.repeat(first_flat - run_start, lengths) + np.arange(lengths.sum())  # (sum L,)
    np.maximum.at(out.reshape(-1), flat, np.repeat(values, lengths))


def _gaussian_spread(
    marks: np.ndarray, origin: int, num_tokens: int, sigma: float, gain: float
) -> np.ndarray:
    """``out[c, t] = gain * sum_u marks[c, u] * N(t; u, sigma)``, exactly, in O(runs * T).

    ``marks`` is piecewise constant: on a run of tokens ``a .. b - 1`` with value ``v`` the sum is
    ``v * sum_{d = lo}^{hi} N(d; 0, sigma)`` with ``lo = t - b + 1``, ``hi = t - a``. By symmetry a
    range with ``lo > 0`` is read as ``[-hi, -lo]``, so every range is a difference of the left
    cumulative sum of the density and far tails keep their relative precision.

    Args:
        marks (np.ndarray): ``(C, L)`` marked scores; column ``0`` is token ``origin``.
        origin (int): Token of the first column (``<= 0``).
        num_tokens (int): ``T``.
        sigma (float): Standard deviation in tokens.
        gain (float): Gain.

    Returns:
        np.ndarray: ``(C, T)`` spread scores.
    """
    out = np.zeros((marks.shape[0], num_tokens))  # (C, T)
    change = np.empty((marks.shape[0], marks.shape[1] + 1))  # (C, L + 1)
    change[:, 0], change[:, -1] = marks[:, 0], marks[:, -1]
    np.subtract(marks[:, 1:], marks[:, :-1], out=change[:, 1:-1])
    change_class, change_at = np.nonzero(change)
    same_class = change_class[1:] == change_class[:-1]  # consecutive changes bound a run
    run_class = change_class[:-1][same_class]  # (n,)
    run_start, run_end = change_at[:-1][same_class], change_at[1:][same_class]  # (n,) columns
    run_value = marks[run_class, run_start]  # (n,)
    run_class, run_start, run_end, run_value = (
        a[run_value > 0] for a in (run_class, run_start, run_end, run_value)
    )
    if run_value.size == 0:
        return out
    token = np.arange(num_tokens)  # (T,)
    low = token[None, :] - (run_end - 1 + origin)[:, None]  # (n, T)
    high = token[None, :] - (run_start + origin)[:, None]  # (n, T)
    mirror = low > 0
    low, high = np.where(mirror, -high, low), np.where(mirror, -low, high)
    # cumulative[k + shift] = sum of exp(-d^2 / (2 sigma^2)) for d <= k (0 for k < -bound).
    bound = num_tokens + marks.shape[1]
    density = np.exp(-0.5 * (np.arange(-bound, bound + 1) / sigma) ** 2)  # (2 * bound + 1,)
    cumulative = np.concatenate([[0.0], np.cumsum(density)])
    shift = bound + 1
    covered = cumulative[high + shift] - cumulative[low - 1 + shift]  # (n, T)
    scale = gain / (sigma * np.sqrt(2 * np.pi))
    first_run = np.flatnonzero(np.r_[True, run_class[1:] != run_class[:-1]])  # runs are by class
    out[run_class[first_run]] = scale * np.add.reduceat(covered * run_value[:, None], first_run)
    return out


def segments_to_frames(
    detections: np.ndarray | torch.Tensor,
    num_tokens: int,
    num_classes: int,
    feature_rate: float,
    mode: Literal['max', 'gaussian'] = 'max',
    score_threshold: float = 0.01,
    sigma: float = 3.0,
    gain: float = 5.0,
) -> np.ndarray:
    """Turn segment detections into per-token class scores.

    Only detections with ``score > score_threshold`` are used.

    - ``'max'``: ``out[t, c]`` is the highest score of the class-``c`` detections covering token
      ``t``, 0 if none. Token ``t`` (interval ``[t / r, (t + 1) / r)``) is covered by ``[s, e]``
      iff ``floor(s r) <= t < ceil(e r)``, i.e. the two intervals overlap; boundaries are rounded
      with a 1e-6-token tolerance so that :func:`frames_to_segments` output maps back exactly.
      A zero-length segment on a token boundary covers nothing.
    - ``'gaussian'`` (PointTAD's segmentation-mAP protocol): tokens ``int(s r) <= t < int(e r)``
      are marked with the detection's score (max over detections of the class), then
      ``out[t, c] = gain * sum_u mark[u, c] * N(t; u, sigma)`` with ``N`` the normal density
      (sigma in tokens). Marks outside ``[0, T)`` still spread into the video. PointTAD's notebook
      evaluates the density on the 1-based grid ``1 .. T`` against 0-based marks, which moves every
      bump one token earlier; here the kernel is centred on the marked token.

    Args:
        detections (np.ndarray | torch.Tensor): ``(N, 4)`` rows ``[start_s, end_s, class, score]``.
        num_tokens (int): Number of tokens ``T`` of the video.
        num_classes (int): Number of classes ``C``.
        feature_rate (float): Tokens per second ``r``.
        mode (str): ``'max'`` (default) or ``'gaussian'``.
        score_threshold (float): Detections scoring at or below it are ignored. Defaults to 0.01.
        sigma (float): Gaussian standard deviation in tokens (``'gaussian'``). Defaults to 3.
        gain (float): Gaussian gain (``'gaussian'``). Defaults to 5.

    Returns:
        np.ndarray: Per-token scores ``(T, C)`` float64 (a transposed view of a class-major
        array).
    """
    if mode not in ('max', 'gaussian'):
        raise ValueError(f"segments_to_frames: mode must be 'max' or 'gaussian', got {mode!r}")
    detections = _as_numpy(detections).reshape(-1, 4).astype(np.float64)
    labels = detections[:, 2].astype(np.int64)
    if labels.size and (labels.min() < 0 or labels.max() >= num_classes):
        raise ValueError(
            f'segments_to_frames: detection class out of range [0, {num_classes}): '
            f'{labels.min()}..{labels.max()}'
        )
    keep = detections[:, 3] > score_threshold
    first, last = _token_ranges(detections[keep], feature_rate, mode)
    labels, values = labels[keep], detections[keep, 3]
    out = np.zeros((num_classes, num_tokens))  # (C, T)
    if mode == 'max':
        first, last = np.clip(first, 0, num_tokens), np.clip(last, 0, num_tokens)
        nonempty = last > first
        _paint_max(first[nonempty], last[nonempty], labels[nonempty], values[nonempty], out)
        return out.T
    # Marks beyond R = 40 sigma outside the video underflow: cut the marked range there.
    nonempty = last > first
    if not nonempty.any():
        return out.T
    radius = int(np.ceil(_UNDERFLOW_SIGMAS * sigma))
    origin = int(max(-radius, min(0, first[nonempty].min())))  # token of marks column 0
    stop = int(min(num_tokens + radius, max(num_tokens, last[nonempty].max())))
    present = np.bincount(labels[nonempty], minlength=num_classes) > 0
    active = np.flatnonzero(present)  # classes with marks
    row = np.cumsum(present)[labels[nonempty]] - 1  # their row in marks
    marks = np.zeros((active.size, stop - origin))  # (C_active, L)
    first = np.clip(first[nonempty] - origin, 0, marks.shape[1])
    last = np.clip(last[nonempty] - origin, 0, marks.shape[1])
    _paint_max(first, last, row, values[nonempty], marks)
    out[active] = _gaussian_spread(marks, origin, num_tokens, sigma, gain)
    return out.T
