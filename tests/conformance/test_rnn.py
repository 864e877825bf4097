"""rnn against a NumPy loop (masks, go_backwards, unroll, constants), map_fn, foldl, foldr."""

import numpy as np
import pytest

from .conftest import compute

SAMPLES, STEPS, FEATURES, UNITS = 2, 4, 3, 5
RANDOM = np.random.RandomState(7)
INPUTS = RANDOM.uniform(-1, 1, (SAMPLES, STEPS, FEATURES)).astype("float32")
KERNEL = RANDOM.uniform(-0.5, 0.5, (FEATURES, UNITS)).astype("float32")
RECURRENT = RANDOM.uniform(-0.5, 0.5, (UNITS, UNITS)).astype("float32")
INITIAL = RANDOM.uniform(-1, 1, (SAMPLES, UNITS)).astype("float32")
MASK = np.array([[1, 1, 0, 1], [1, 0, 0, 0]], dtype="bool")


def numpy_rnn(inputs, initial, mask=None, go_backwards=False, bias=None):
    """Reference: a tanh cell; masked steps repeat the previous output and keep the state."""
    steps = list(range(inputs.shape[1]))
    if go_backwards:
        steps.reverse()
    state, previous, outputs = initial, np.zeros_like(initial), []
    for t in steps:
        output = np.tanh(
            inputs[:, t].dot(KERNEL) + state.dot(RECURRENT) + (0 if bias is None else bias)
        )
        if mask is not None:
            keep = mask[:, t][:, None]
            output = np.where(keep, output, previous)
            state = np.where(keep, output, state)
        else:
            state = output
        previous = output
        outputs.append(output)
    return outputs[-1], np.stack(outputs, axis=1), state


def make_step(K):
    kernel, recurrent = K.constant(KERNEL), K.constant(RECURRENT)

    def step(x, states):
        output = K.tanh(K.dot(x, kernel) + K.dot(states[0], recurrent))
        return output, [output]

    return step


@pytest.mark.parametrize("unroll", [False, True], ids=["loop", "unrolled"])
@pytest.mark.parametrize("go_backwards", [False, True], ids=["forwards", "backwards"])
@pytest.mark.parametrize("masked", [False, True], ids=["unmasked", "masked"])
def test_rnn_matches_numpy_loop(K, world, unroll, go_backwards, masked):
    step = make_step(K)

    def run(inputs, initial, *mask):
        last, outputs, states = K.rnn(
            step,
            inputs,
            [initial],
            go_backwards=go_backwards,
            mask=mask[0] if mask else None,
            unroll=unroll,
        )
        return [last, outputs, states[0]]

    arrays = [INPUTS, INITIAL] + ([MASK] if masked else [])
    # Unrolling needs a known number of steps: placeholders keep the time dimension fixed.
    last, outputs, state = compute(K, world, run, *arrays, fixed_shape=unroll)
    expected = numpy_rnn(INPUTS, INITIAL, MASK if masked else None, go_backwards)
    assert outputs.shape == (SAMPLES, STEPS, UNITS)
    for actual, wanted in zip((last, outputs, state), expected):
        assert np.allclose(actual, wanted, atol=1e-5)


@pytest.mark.parametrize("unroll", [False, True], ids=["loop", "unrolled"])
def test_rnn_passes_constants_after_states(K, world, unroll):
    bias = np.linspace(-1, 1, UNITS).astype("float32")
    kernel, recurrent = K.constant(KERNEL), K.constant(RECURRENT)

    def step(x, states):
        assert len(states) == 2  # the state, then the constant
        output = K.tanh(K.dot(x, kernel) + K.dot(states[0], recurrent) + states[1])
        return output, [output]

    def run(inputs, initial, constant):
        last, outputs, states = K.rnn(step, inputs, [initial], constants=[constant], unroll=unroll)
        return [last, outputs]

    last, outputs = compute(K, world, run, INPUTS, INITIAL, bias, fixed_shape=True)
    expected = numpy_rnn(INPUTS, INITIAL, bias=bias)
    assert np.allclose(last, expected[0], atol=1e-5)
    assert np.allclose(outputs, expected[1], atol=1e-5)


def test_rnn_unrolled_with_input_length_on_unknown_time(K):
    x = K.placeholder(shape=(None, None, FEATURES))
    h = K.placeholder(shape=(None, UNITS))
    last, outputs, _ = K.rnn(make_step(K), x, [h], unroll=True, input_length=STEPS)
    got = K.function([x, h], [last, outputs])([INPUTS, INITIAL])
    expected = numpy_rnn(INPUTS, INITIAL)
    assert np.allclose(got[0], expected[0], atol=1e-5)
    assert np.allclose(got[1], expected[1], atol=1e-5)


def test_rnn_loop_handles_unknown_time_dimension(K):
    x = K.placeholder(shape=(None, None, FEATURES))
    h = K.placeholder(shape=(None, UNITS))
    last, outputs, _ = K.rnn(make_step(K), x, [h])
    got = K.function([x, h], [outputs])([INPUTS[:, :2], INITIAL])[0]
    assert np.allclose(got, numpy_rnn(INPUTS[:, :2], INITIAL)[1], atol=1e-5)


def test_rnn_gradient_matches_finite_differences(K):
    x = K.placeholder(shape=(None, STEPS, FEATURES), dtype="float64")
    h = K.placeholder(shape=(None, UNITS), dtype="float64")
    kernel, recurrent = K.constant(KERNEL, "float64"), K.constant(RECURRENT, "float64")

    def step(inputs, states):
        output = K.tanh(K.dot(inputs, kernel) + K.dot(states[0], recurrent))
        return output, [output]

    loss = K.sum(K.rnn(step, x, [h])[1])
    grad = K.gradients(loss, [h])[0]
    f_loss, f_grad = K.function([x, h], [loss]), K.function([x, h], [grad])
    initial = INITIAL.astype("float64")
    analytic = f_grad([INPUTS, initial])[0]
    numeric = np.zeros_like(initial)
    for index in np.ndindex(*initial.shape):
        moved = [initial.copy(), initial.copy()]
        moved[0][index] += 1e-6
        moved[1][index] -= 1e-6
        values = [float(f_loss([INPUTS, m])[0]) for m in moved]
        numeric[index] = (values[0] - values[1]) / 2e-6
    assert np.allclose(analytic, numeric, rtol=1e-5, atol=1e-7)


def test_rnn_refuses_inputs_without_time_dimension(K):
    with pytest.raises(ValueError) as caught:
        K.rnn(make_step(K), K.constant(np.ones((2, 3))), [K.constant(np.ones((2, UNITS)))])
    assert "3 dimensions" in str(caught.value)


def test_map_fn(K, world):
    value = np.arange(6, dtype="float32").reshape(3, 2)
    result = compute(K, world, lambda x: K.map_fn(lambda row: K.sum(row * row), x), value)
    assert np.allclose(result, (value * value).sum(axis=1))


def test_map_fn_with_output_dtype(K, world):
    value = np.array([1.5, 2.5, -3.5], dtype="float32")
    result = compute(
        K, world, lambda x: K.map_fn(lambda e: K.cast(e, "int32"), x, dtype="int32"), value
    )
    assert result.dtype == np.int32 and result.tolist() == [1, 2, -3]


def test_foldl_and_foldr_order(K, world):
    value = np.array([1.0, 2.0, 3.0], dtype="float32")

    def folds(x):
        # acc * 2 + element: the order of the elements changes the result.
        left = K.foldl(lambda acc, e: acc * 2 + e, x, initializer=K.zeros_like(x[0]))
        right = K.foldr(lambda acc, e: acc * 2 + e, x, initializer=K.zeros_like(x[0]))
        return [left, right]

    left, right = compute(K, world, folds, value)
    assert np.allclose(left, ((1 * 2) + 2) * 2 + 3)
    assert np.allclose(right, ((3 * 2) + 2) * 2 + 1)


def test_foldl_without_initializer_starts_from_first_element(K, world):
    value = np.array([5.0, 1.0, 2.0], dtype="float32")
    result = compute(K, world, lambda x: K.foldl(lambda acc, e: acc - e, x), value)
    assert np.allclose(result, 2.0)
