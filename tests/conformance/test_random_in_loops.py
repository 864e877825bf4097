"""Random draws made inside a loop's step (rnn, map_fn, foldl, foldr).

The reference is Keras 2.3.1 on TensorFlow: a random op inside a while loop draws anew at every
step and at every call of the function, seeded or not. An unrolled loop (rnn(unroll = TRUE))
builds one op per step: unseeded, each draws its own values; seeded, every step's op has the
same seed and draws the same values, though still new ones at each call. CNTK unrolls every
loop of known length (engines/cntk/rnn.py), so a seeded draw repeats at each step there,
as in Keras 2.3.1's CNTK backend.
"""

import numpy as np
import pytest

STEPS, SAMPLES, UNITS = 6, 3, 16


def _step_with_dropout(K, seed):
    def step(inputs, states):
        kept = K.dropout(inputs, 0.5, seed=seed)
        return kept, [states[0] + K.sum(kept, axis=1, keepdims=True)]

    return step


def _rnn_outputs(K, seed, unroll, masked=False):
    """(outputs of two calls, each (samples, steps, units)) of one K.function running rnn."""
    x = K.placeholder(shape=(None, STEPS, UNITS))
    mask = K.placeholder(shape=(None, STEPS)) if masked else None
    initial = K.zeros_like(x[:, 0, :1])
    _, outputs, _ = K.rnn(
        _step_with_dropout(K, seed), x, [initial], mask=mask, unroll=unroll, input_length=STEPS
    )
    function = K.function([x] + ([mask] if masked else []), [outputs])
    feeds = [np.ones((SAMPLES, STEPS, UNITS), "float32")]
    if masked:
        feeds.append(np.ones((SAMPLES, STEPS), "float32"))
    return [np.asarray(function(feeds)[0]) for _ in range(2)]


def _check_dropout_values(values):
    """Dropout of ones at level 0.5: each entry 0 or 2, and some of each."""
    assert set(np.unique(values).tolist()) == {0.0, 2.0}


def _steps_differ(outputs):
    return any(not np.array_equal(outputs[:, 0], outputs[:, t]) for t in range(1, STEPS))


@pytest.mark.parametrize("masked", [False, True], ids=["plain", "masked"])
@pytest.mark.parametrize("unroll", [False, True], ids=["loop", "unrolled"])
def test_unseeded_draw_in_rnn_step_is_new_at_each_step_and_call(K, unroll, masked):
    first, second = _rnn_outputs(K, None, unroll, masked)
    _check_dropout_values(first)
    assert _steps_differ(first), "every time step drew the same dropout mask"
    assert not np.array_equal(first, second), "two calls drew the same dropout masks"


@pytest.mark.parametrize("masked", [False, True], ids=["plain", "masked"])
def test_seeded_draw_in_rnn_loop_is_new_at_each_step(K, engine_id, masked):
    first, second = _rnn_outputs(K, 7, False, masked)
    _check_dropout_values(first)
    if engine_id == "cntk":  # the loop is unrolled: as an unrolled loop on TensorFlow
        assert not _steps_differ(first)
    else:
        assert _steps_differ(first), "every time step drew the same dropout mask"
    assert not np.array_equal(first, second), "two calls drew the same dropout masks"


def test_seeded_draw_in_unrolled_rnn_repeats_at_each_step(K):
    first, second = _rnn_outputs(K, 7, True)
    _check_dropout_values(first)
    assert not _steps_differ(first), "an unrolled seeded op drew different masks per step"
    assert not np.array_equal(first, second), "two calls drew the same dropout masks"


def _rows_differ(values):
    return any(not np.array_equal(values[0], row) for row in values[1:])


def test_draw_in_map_fn_is_new_for_each_element(K):
    x = K.placeholder(shape=(STEPS, UNITS))
    mapped = K.map_fn(lambda row: K.dropout(row, 0.5), x)
    function = K.function([x], [mapped])
    first, second = (np.asarray(function([np.ones((STEPS, UNITS), "float32")])[0]) for _ in "ab")
    _check_dropout_values(first)
    assert _rows_differ(first), "every element drew the same dropout mask"
    assert not np.array_equal(first, second), "two calls drew the same dropout masks"


@pytest.mark.parametrize("fold", ["foldl", "foldr"])
def test_draw_in_fold_is_new_for_each_element(K, fold):
    # Each step adds a fresh 0/1 draw to the running total: with the same draw at every step
    # the total would be a multiple of the step count.
    x = K.placeholder(shape=(STEPS, UNITS))
    start = K.zeros((UNITS,))
    total = getattr(K, fold)(
        lambda acc, row: acc + K.random_binomial((UNITS,), p=0.5), x, initializer=start
    )
    function = K.function([x], [total])
    values = np.asarray(function([np.ones((STEPS, UNITS), "float32")])[0])
    assert values.shape == (UNITS,) and values.min() >= 0 and values.max() <= STEPS
    assert np.any(values % STEPS != 0), "every step drew the same values: %s" % values
