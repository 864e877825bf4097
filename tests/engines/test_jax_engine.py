"""The jax engine's own mechanics: recorded nodes and their static shapes, K.function as one
jax.jit (traced once per input shape, variables passed in at each call), gradients of
intermediate tensors, callables closing over placeholders and variables, the random state.

The engine is imported directly and bound through the guard, so these run in any session.
"""

import numpy as np
import pytest

pytest.importorskip("jax", reason="the jax engine needs jax and jaxlib (make setup installs them)")


@pytest.fixture(scope="module")
def K():
    import types

    import kerasbridge.engines.jax as engine
    from kerasbridge._loader import bind

    return types.SimpleNamespace(**bind(engine, 'the "jax" engine'))


def test_every_spec_function_is_supported(K):
    import kerasbridge.engines.jax as engine

    assert engine.UNSUPPORTED == {}
    assert not [name for name, f in vars(K).items() if hasattr(f, "unsupported_reason")]


def test_a_symbolic_result_records_its_static_shape_and_dtype(K):
    x = K.placeholder(shape=(None, None, None, 3))
    kernel = K.variable(np.ones((3, 3, 3, 4)))
    y = K.conv2d(x, kernel, padding="same")
    assert K.int_shape(y) == (None, None, None, 4) and K.dtype(y) == "float32"
    assert K.int_shape(K.batch_flatten(K.placeholder(shape=(None, 3, 4)))) == (None, 12)


@pytest.mark.parametrize(
    "make, expected",
    [
        (lambda K, a, b: K.dot(a, b), (None, 3)),
        (lambda K, a, b: a + K.sum(b, axis=1), (None, 4)),
    ],
    ids=["dot", "broadcast"],
)
def test_unknown_sizes_that_must_equal_known_ones(K, make, expected):
    # (None, 4) and (None, 3) placeholders fed (2, 4) and (4, 3): the second's unknown size
    # must be 4, which no symbolic size can say; the engine tries the sizes it knows.
    a, b = K.placeholder(shape=(None, 4)), K.placeholder(shape=(None, 3))
    result = make(K, a, b)
    assert K.int_shape(result) == expected
    first, second = np.arange(8.0).reshape(2, 4), np.arange(12.0).reshape(4, 3)
    value = K.function([a, b], [result])([first, second])[0]
    reference = first.dot(second) if expected == (None, 3) else first + second.sum(axis=1)
    assert np.allclose(value, reference)


def test_function_traces_once_per_input_shape(K):
    traced = []

    def double(row):
        traced.append(1)  # runs only while jax traces
        return row * 2.0

    x = K.placeholder(shape=(None, 3))
    f = K.function([x], [K.map_fn(double, x)])
    before = len(traced)  # the shape inference traced it
    for batch in (2, 2, 2, 5, 5, 2):
        value = np.ones((batch, 3), "float32")
        assert np.allclose(f([value])[0], 2 * value)
    assert len(traced) - before == 2  # one trace for batch 2, one for batch 5


def test_variables_are_read_at_each_call_without_a_new_trace(K):
    traced = []

    def scaled(row):
        traced.append(1)
        return row

    v = K.variable(np.array([1.0, 2.0]))
    x = K.placeholder(shape=(None, 2))
    f = K.function([x], [K.map_fn(scaled, x) * v])
    ones = np.ones((1, 2), "float32")
    assert np.allclose(f([ones])[0], [[1.0, 2.0]])
    count = len(traced)
    K.set_value(v, np.array([5.0, 7.0]))
    assert np.allclose(f([ones])[0], [[5.0, 7.0]])
    assert len(traced) == count


def test_seeded_draws_take_the_call_index_without_a_new_trace(K):
    traced = []

    def same(row):
        traced.append(1)
        return row

    x = K.placeholder(shape=(None, 4))
    f = K.function([x], [K.map_fn(same, x) + K.random_normal((4,), seed=1)])
    ones = np.ones((2, 4), "float32")
    first = f([ones])[0]
    count = len(traced)
    draws = [first] + [f([ones])[0] for _ in range(3)]
    assert len(traced) == count  # the call index is a traced input, not a constant
    assert all(not np.array_equal(a, b) for a, b in zip(draws, draws[1:]))


def test_gradient_with_respect_to_an_intermediate_tensor(K):
    x = K.placeholder(shape=(None, 2))
    w = K.variable(np.array([[1.0, -1.0], [2.0, 0.5]]))
    hidden = K.dot(x, w)
    (gradient,) = K.gradients(K.sum(K.square(hidden)), [hidden])
    value = np.array([[1.0, 2.0], [3.0, -1.0]], "float32")
    expected = 2 * value.dot(K.get_value(w))
    assert np.allclose(K.function([x], [gradient])([value])[0], expected)


def test_second_order_gradients(K):
    w = K.variable(np.array([1.0, 2.0, 3.0]))
    (first,) = K.gradients(K.sum(w**3), [w])  # 3 w^2
    (second,) = K.gradients(K.sum(first), [w])  # 6 w
    assert np.allclose(K.eval(second), [6.0, 12.0, 18.0])


def test_rnn_step_closing_over_a_placeholder_and_a_variable(K):
    # The step reads a bias placeholder and a kernel variable that are not among rnn's
    # arguments: both become inputs of the recorded node.
    kernel = K.variable(np.array([[0.5, -0.5], [0.25, 1.0]]))
    bias = K.placeholder(shape=(2,))
    sequence = K.placeholder(shape=(None, 3, 2))

    def step(inputs, states):
        output = K.tanh(K.dot(inputs, kernel) + states[0] + bias)
        return output, [output]

    last, _, _ = K.rnn(step, sequence, [K.zeros_like(sequence[:, 0, :])])
    f = K.function([sequence, bias], [last])

    def reference(values, bias_value, kernel_value):
        state = np.zeros((values.shape[0], 2))
        for t in range(values.shape[1]):
            state = np.tanh(values[:, t].dot(kernel_value) + state + bias_value)
        return state

    values = np.random.RandomState(0).rand(2, 3, 2).astype("float32")
    bias_value = np.array([0.1, -0.2], "float32")
    assert np.allclose(
        f([values, bias_value])[0], reference(values, bias_value, K.get_value(kernel)), atol=1e-6
    )
    K.set_value(kernel, np.eye(2))
    assert np.allclose(
        f([values, bias_value])[0], reference(values, bias_value, np.eye(2)), atol=1e-6
    )


def test_float64_and_int64_keep_their_dtype(K):
    v = K.variable(np.ones(3), dtype="float64")
    assert K.dtype(v) == "float64" and K.eval(K.sum(v)).dtype == np.float64
    i = K.placeholder(shape=(2,), dtype="int64")
    assert K.function([i], [i * 2])([np.array([2**40, 1])])[0].tolist() == [2**41, 2]


def test_eval_draws_anew_without_a_seed_and_repeats_with_one(K):
    drawn = K.random_uniform((4,))
    assert not np.array_equal(K.eval(drawn), K.eval(drawn))
    assert np.array_equal(
        K.eval(K.random_uniform((4,), seed=3)), K.eval(K.random_uniform((4,), seed=3))
    )


def test_eval_names_the_missing_placeholder(K):
    x = K.placeholder(shape=(2,), name="features")
    with pytest.raises(ValueError, match="features"):
        K.eval(x + 1)


def test_ctc_decode_in_a_function_is_cut_to_the_longest_path(K):
    y = K.placeholder(shape=(None, 4, 3))
    lengths = K.placeholder(shape=(None,), dtype="int32")
    decoded = K.ctc_decode(y, lengths, greedy=True)[0][0]
    assert K.int_shape(decoded)[0] is None
    probabilities = np.zeros((2, 4, 3), "float32") + 0.05
    for t, symbol in enumerate([0, 2, 1, 2]):  # decodes to [0, 1]
        probabilities[0, t, symbol] = 0.9
    probabilities[1, :, 2] = 0.9  # only blanks: decodes to []
    value = K.function([y, lengths], [decoded])([probabilities, np.array([4, 4], "int32")])[0]
    assert value.tolist() == [[0, 1], [-1, -1]]
