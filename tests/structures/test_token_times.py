import numpy as np

from dad_plugins.structures import frames_to_segments
from dad_plugins.structures.token_times import seconds_to_tokens, token_to_seconds


def test_token_t_covers_t_over_r_to_t_plus_one_over_r():
    # r = 4 tokens/s: token 3 covers [0.75, 1.0) s.
    np.testing.assert_array_equal(token_to_seconds(np.array([3, 4]), 4.0), [0.75, 1.0])
    positions = seconds_to_tokens(np.array([0.75, 0.99, 1.0]), 4.0)
    np.testing.assert_array_equal(np.floor(positions), [3, 3, 4])


def test_round_trip_and_agreement_with_frames_to_segments():
    tokens = np.arange(10, dtype=np.float64)
    np.testing.assert_allclose(seconds_to_tokens(token_to_seconds(tokens, 2.5), 2.5), tokens)
    scores = np.zeros((10, 1))
    scores[3:6] = 1.0
    (segment,) = frames_to_segments(scores, feature_rate=2.5)
    # The run of tokens 3..5 spans from the start of token 3 to the end of token 5.
    assert segment[0] == token_to_seconds(3, 2.5) and segment[1] == token_to_seconds(6, 2.5)
