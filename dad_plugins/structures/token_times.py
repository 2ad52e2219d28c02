"""The library's one time convention for feature tokens.

A video with feature rate ``r`` (tokens per second) has token ``t`` covering the half-open
interval ``[t / r, (t + 1) / r)`` seconds: it starts at ``t / r`` and ends where token ``t + 1``
starts. A fractional token position ``p`` is the time ``p / r``, so ``floor(s * r)`` is the token
that contains time ``s``. The label rules and the frame <-> segment conversions both convert
through these two functions.
"""

import numpy as np


def token_to_seconds(tokens: np.ndarray, feature_rate: float) -> np.ndarray:
    """Seconds of token positions: ``tokens / r``.

    For an integer token index ``t`` this is the start of the token, ``t / r``; for the exclusive
    end ``t + 1`` of a run it is the end of token ``t``.

    Args:
        tokens (np.ndarray): Token positions (indices or fractional), any shape.
        feature_rate (float): ``r``, tokens per second.

    Returns:
        np.ndarray: Seconds, same shape.
    """
    return tokens / feature_rate


def seconds_to_tokens(seconds: np.ndarray, feature_rate: float) -> np.ndarray:
    """Fractional token positions of times in seconds: ``seconds * r``.

    ``floor`` of the result is the token whose interval ``[t / r, (t + 1) / r)`` contains the time.

    Args:
        seconds (np.ndarray): Times in seconds, any shape.
        feature_rate (float): ``r``, tokens per second.

    Returns:
        np.ndarray: Token positions, same shape.
    """
    return seconds * feature_rate
