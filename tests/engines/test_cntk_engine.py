"""CNTK engine specifics the conformance suite does not reach: a quiet import, recurrences over
an unknown number of steps (masks, go_backwards, folds, running sums), CTC decoding inside a
graph, Keras dtypes over CNTK's float storage, and the limits of gradients as backward passes.

Runs in the CPython 3.6 environment that has cntk (.venv-cntk); elsewhere it is skipped.
"""

import importlib.util
import subprocess
import sys

import numpy as np
import pytest

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("cntk") is None,
    reason="cntk is not installed in this interpreter (CPython <= 3.6)",
)


@pytest.fixture(scope="module")
def E():
    from kerasbridge.engines import cntk

    return cntk


def run(E, inputs, outputs, values, updates=None):
    return E.function(inputs, outputs, updates)(values)


def test_import_prints_nothing():
    # CNTK's import warnings and its "Selected CPU" line are silenced; nothing else is.
    code = (
        "import numpy as np, kerasbridge.engines.cntk as E\n"
        "print(E.eval(E.variable(np.ones(2)) + 1))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        universal_newlines=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[2. 2.]"
    assert done.stderr == ""


def numpy_rnn(inputs, initial, kernel, mask, go_backwards):
    state, outputs = initial, []
    previous = np.zeros_like(initial)
    steps = range(inputs.shape[1])
    for t in reversed(steps) if go_backwards else steps:
        candidate = np.tanh(inputs[:, t] @ kernel + state)
        keep = mask[:, t : t + 1].astype(bool)
        output = np.where(keep, candidate, previous)
        state = np.where(keep, candidate, state)
        outputs.append(output)
        previous = output
    return outputs[-1], np.stack(outputs, axis=1), state


@pytest.mark.parametrize("go_backwards", [False, True], ids=["forwards", "backwards"])
def test_rnn_over_unknown_time_with_mask(E, go_backwards):
    rng = np.random.RandomState(0)
    inputs = rng.rand(2, 4, 3).astype("float32")
    initial = rng.rand(2, 5).astype("float32")
    kernel = rng.rand(3, 5).astype("float32") - 0.5
    mask = np.array([[1, 1, 0, 1], [1, 0, 0, 0]], "float32")
    x = E.placeholder(shape=(None, None, 3))
    h = E.placeholder(shape=(None, 5))
    m = E.placeholder(shape=(None, None))
    w = E.constant(kernel)

    def step(x_t, states):
        output = E.tanh(E.dot(x_t, w) + states[0])
        return output, [output]

    last, outputs, states = E.rnn(step, x, [h], go_backwards=go_backwards, mask=m)
    got = run(E, [x, h, m], [last, outputs, states[0]], [inputs, initial, mask])
    expected = numpy_rnn(inputs, initial, kernel, mask, go_backwards)
    for actual, reference in zip(got, expected):
        assert np.allclose(actual, reference, atol=1e-5)


@pytest.mark.parametrize("name, reference", [("cumsum", np.cumsum), ("cumprod", np.cumprod)])
@pytest.mark.parametrize("shape, axis", [((5,), 0), ((2, 4, 3), 1)], ids=["1d", "3d-axis1"])
def test_running_reductions_over_an_unknown_axis(E, name, reference, shape, axis):
    value = np.random.RandomState(1).uniform(0.5, 1.5, size=shape).astype("float32")
    x = E.placeholder(shape=tuple(None if a == axis else n for a, n in enumerate(shape)))
    got = run(E, [x], [getattr(E, name)(x, axis)], [value])[0]
    assert np.allclose(got, reference(value, axis=axis), rtol=1e-5)


def test_foldr_over_unknown_length_with_initializer(E):
    x = E.placeholder(shape=(None, 2))
    folded = E.foldr(lambda acc, e: acc * 2 + e, x, initializer=E.zeros_like(x[0]))
    value = np.array([[1.0, 0.0], [2.0, 1.0], [3.0, 0.0]], "float32")
    expected = ((value[2] * 2) + value[1]) * 2 + value[0]
    assert np.allclose(run(E, [x], [folded], [value])[0], expected)


def test_ctc_decode_in_a_graph_matches_eager_decoding(E):
    probabilities = np.random.RandomState(2).dirichlet(np.ones(4), size=(2, 5)).astype("float32")
    lengths = np.array([5, 3], "int32")
    eager, eager_scores = E.ctc_decode(
        E.constant(probabilities), E.constant(lengths), greedy=False, beam_width=10, top_paths=2
    )
    y = E.placeholder(shape=(None, 5, 4))
    n = E.placeholder(shape=(None,), dtype="int32")
    decoded, scores = E.ctc_decode(y, n, greedy=False, beam_width=10, top_paths=2)
    got = run(E, [y, n], decoded + [scores], [probabilities, lengths])
    for graph_value, eager_value in zip(got, eager + [eager_scores]):
        assert np.allclose(graph_value, E.eval(eager_value), atol=1e-5)
    assert got[0].dtype == np.int64


def test_integer_and_boolean_results_come_back_in_their_dtype(E):
    x = E.placeholder(shape=(None, 3))
    value = np.array([[0.2, 0.9, 0.1], [0.7, 0.1, 0.2]], "float32")
    index, flags = run(E, [x], [E.argmax(x), E.greater(x, 0.5)], [value])
    assert index.dtype == np.int64 and index.tolist() == [1, 0]
    assert flags.dtype == np.bool_ and flags.tolist() == [
        [False, True, False],
        [True, False, False],
    ]


def test_training_loss_comes_from_the_backward_pass(E):
    # One backward pass gives the loss and the gradients, so both see the same dropout draw:
    # the update applied must be the gradient of the loss returned.
    x = E.placeholder(shape=(None, 4))
    w = E.variable(np.ones((4, 1)))
    hidden = E.dropout(x, 0.5)
    loss = E.sum(E.dot(hidden, w))
    gradient = E.gradients(loss, [w])[0]
    step = E.function([x], [loss], updates=[E.update_sub(w, gradient)])
    value = np.ones((8, 4), "float32")
    for _ in range(5):
        before = E.get_value(w)
        reported = step([value])[0]
        moved = before - E.get_value(w)  # the gradient: sum of kept inputs per feature
        assert np.isclose(reported, float(np.sum(moved * before)), rtol=1e-5)


def test_gradients_of_gradients_are_refused_clearly(E):
    w = E.variable(np.array([1.0, 2.0]))
    first = E.gradients(E.sum(E.square(w)), [w])[0]
    with pytest.raises(ValueError) as caught:
        E.gradients(E.sum(first), [w])
    assert "gradients of gradients" in str(caught.value)


def test_gradients_of_an_unrelated_variable_are_none(E):
    used, unused = E.variable(np.ones(2)), E.variable(np.ones(2))
    assert E.gradients(E.sum(used * 3.0), [used, unused])[1] is None


def test_a_fed_array_of_the_wrong_shape_is_explained(E):
    x = E.placeholder(shape=(None, 3), name="features")
    f = E.function([x], [x * 2.0])
    with pytest.raises(ValueError) as caught:
        f([np.ones((2, 4))])
    message = str(caught.value)
    assert "features" in message and "(None, 3)" in message and "(2, 4)" in message


@pytest.mark.parametrize("name", ["depthwise_conv2d", "separable_conv2d"])
def test_a_depthwise_kernel_for_other_channels_is_a_clear_value_error(E, name):
    x = E.variable(np.ones((2, 3, 4, 5), "float32"))  # channels_last: 5 channels
    depthwise = E.variable(np.ones((2, 2, 3, 4), "float32"))  # for 3 channels
    arguments = [x, depthwise]
    if name == "separable_conv2d":
        arguments.append(E.variable(np.ones((1, 1, 12, 7), "float32")))
    with pytest.raises(ValueError, match=r"is for 3 input channels, but x has 5 channels"):
        getattr(E, name)(*arguments, data_format="channels_last")
