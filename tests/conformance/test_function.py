"""K.function, gradients (against finite differences), learning phase and switch."""

import numpy as np
import pytest

from .conftest import compute, evaluate


def test_function_updates_run_after_outputs(K):
    # Keras 2 order: outputs are computed with the variable's value before the update.
    v = K.variable(np.array([1.0]))
    x = K.placeholder(shape=(1,))
    f = K.function([x], [K.identity(v) * x], updates=[K.update_add(v, x)])
    assert np.allclose(f([np.array([2.0])])[0], [2.0])
    assert np.allclose(f([np.array([2.0])])[0], [6.0])
    assert np.allclose(K.get_value(v), [5.0])


def test_function_accepts_variable_value_pairs_as_updates(K):
    v = K.variable(np.array([1.0, 1.0]))
    x = K.placeholder(shape=(2,))
    f = K.function([x], [], updates=[(v, K.identity(v) * x)])
    for _ in range(3):
        f([np.array([2.0, 3.0])])
    assert np.allclose(K.get_value(v), [8.0, 27.0])


def test_an_update_pair_given_as_a_list_is_a_pair(K):
    # R's reticulate turns the (variable, value) tuple of K$update_add() into an R list, which
    # comes back to Python as a list: it is still one update, not a group of two.
    v = K.variable(np.array([1.0, 1.0]))
    x = K.placeholder(shape=(2,))
    f = K.function([x], [], updates=[[v, K.identity(v) + x]])
    for _ in range(2):
        f([np.array([2.0, 3.0])])
    assert np.allclose(K.get_value(v), [5.0, 7.0])


def test_pair_update_computed_from_the_variable_runs_at_every_call(K):
    # K.square(v) is computed from v with a K function: recomputed at every call.
    v = K.variable(np.array([2.0]))
    f = K.function([], [], updates=[(v, K.square(v))])
    f([])
    f([])
    assert np.allclose(K.get_value(v), [16.0])


def test_function_output_reads_variable_at_each_call(K):
    v = K.variable(np.array([1.0, 2.0]))
    f = K.function([], [K.sum(v)], updates=[(v, K.square(v))])
    assert np.allclose(f([])[0], 3.0)
    assert np.allclose(f([])[0], 5.0)  # v became [1, 4]
    assert np.allclose(f([])[0], 17.0)


def test_function_with_single_output_returns_it_alone(K):
    x = K.placeholder(shape=(2,))
    assert np.allclose(K.function([x], x * 2)([np.array([1.0, 2.0])]), [2.0, 4.0])


def test_function_with_several_inputs_of_different_dtypes(K):
    x = K.placeholder(shape=(None, 2))
    i = K.placeholder(shape=(None,), dtype="int32")
    f = K.function([x, i], [x * K.cast(K.expand_dims(i, -1), K.floatx())])
    result = f([np.ones((2, 2)), np.array([2, 3])])[0]
    assert np.allclose(result, [[2, 2], [3, 3]])


def test_function_is_reusable_with_other_batch_sizes(K):
    x = K.placeholder(shape=(None, 3))
    f = K.function([x], [K.sum(x, axis=1)])
    for batch in (1, 4, 7):
        assert np.allclose(f([np.ones((batch, 3))])[0], np.full(batch, 3.0))


def test_function_refuses_a_wrong_number_of_inputs(K):
    x, y = K.placeholder(shape=(1,)), K.placeholder(shape=(1,))
    f = K.function([x, y], [x + y])
    with pytest.raises(ValueError) as caught:
        f([np.ones(1)])
    assert "expected 2 input values" in str(caught.value)


def test_function_refuses_unknown_keyword_arguments(K):
    x = K.placeholder(shape=(1,))
    with pytest.raises(ValueError) as caught:
        K.function([x], [x], not_an_option=True)
    assert "not_an_option" in str(caught.value)


def test_function_needs_every_placeholder_of_its_outputs(K):
    x, y = K.placeholder(shape=(1,)), K.placeholder(shape=(1,))
    with pytest.raises(ValueError) as caught:
        K.function([x], [x + y])
    assert "inputs" in str(caught.value)


# --- gradients against finite differences ---------------------------------------------------


def _loss_and_weights(K, x):
    w = K.variable(np.array([[0.3, -0.2], [0.5, 0.1], [-0.4, 0.7]]), dtype="float64")
    b = K.variable(np.array([0.1, -0.3]), dtype="float64")
    hidden = K.tanh(K.dot(x, w) + b)
    return K.sum(K.square(hidden) * K.exp(hidden)), [w, b]


def test_gradients_match_finite_differences(K):
    x = K.placeholder(shape=(None, 3), dtype="float64")
    loss, weights = _loss_and_weights(K, x)
    grads = K.gradients(loss, weights)
    inputs = np.array([[1.0, -0.5, 0.2], [0.3, 0.8, -1.0]])
    f_loss = K.function([x], [loss])
    analytic = K.function([x], grads)([inputs])
    for weight, gradient in zip(weights, analytic):
        numeric = _finite_difference(K, f_loss, weight, inputs)
        assert np.allclose(gradient, numeric, rtol=1e-5, atol=1e-7)


def _finite_difference(K, f_loss, weight, inputs, step=1e-6):
    base = K.get_value(weight)
    numeric = np.zeros_like(base)
    for index in np.ndindex(*base.shape):
        shifted = []
        for sign in (1.0, -1.0):
            moved = base.copy()
            moved[index] += sign * step
            K.set_value(weight, moved)
            shifted.append(float(f_loss([inputs])[0]))
        numeric[index] = (shifted[0] - shifted[1]) / (2 * step)
    K.set_value(weight, base)
    return numeric


def test_gradients_of_loss_computed_from_variables_only(K):
    w = K.variable(np.array([1.0, -2.0, 3.0]))
    grad = K.gradients(K.sum(K.square(w)), [w])[0]
    assert np.allclose(evaluate(K, grad), [2.0, -4.0, 6.0])


@pytest.mark.parametrize(
    "penalty",
    [
        lambda K, w: 0.5 * K.sum(K.square(w)),
        lambda K, w: K.sum(K.square(w)) * 0.5,
        lambda K, w: -(-K.sum(K.square(w)) / 2.0),
        lambda K, w: K.sum(K.square(w)) - K.sum(K.square(w)) / 2,
    ],
    ids=["scalar_times", "times_scalar", "negated_divided", "difference"],
)
@pytest.mark.parametrize("order", ["loss_first", "penalty_first"])
def test_weight_penalty_built_with_python_operators_keeps_its_gradient(K, penalty, order):
    # Keras 2 regularizers: a penalty computed from the weights alone, with Python operators,
    # added to a loss that depends on a placeholder. Its gradient must reach the weights.
    w = K.variable(np.array([[1.0, 2.0], [3.0, 4.0]]))
    x = K.placeholder(shape=(None, 2))
    data_loss = K.sum(K.dot(x, w))
    total = data_loss + penalty(K, w) if order == "loss_first" else penalty(K, w) + data_loss
    gradient = K.function([x], K.gradients(total, [w]))([np.ones((3, 2))])[0]
    assert np.allclose(gradient, 3.0 + K.get_value(w))  # d/dw sum(x . w) + w


def test_gradient_through_an_indexed_weight(K):
    w = K.variable(np.array([[1.0, 2.0], [3.0, 4.0]]))
    x = K.placeholder(shape=(None, 2))
    total = K.sum(x * K.transpose(w)[0, 1])  # w[1, 0] times the sum of x
    gradient = K.function([x], K.gradients(total, [w]))([np.ones((2, 2))])[0]
    assert np.allclose(gradient, [[0.0, 0.0], [4.0, 0.0]])


def test_pair_update_built_with_python_operators_runs_at_every_call(K):
    v = K.variable(np.array([2.0]))
    f = K.function([], [], updates=[(v, K.square(v) * 0.5 + 1.0)])
    f([])  # 2 -> 3
    f([])  # 3 -> 5.5
    assert np.allclose(K.get_value(v), [5.5])


# --- learning phase -------------------------------------------------------------------------


@pytest.fixture
def phase_reset(K):
    yield
    K.clear_session()  # set_learning_phase is global: leave it unset for other tests


def test_learning_phase_is_fed_through_function(K, phase_reset):
    x = K.placeholder(shape=(2,))
    out = K.in_train_phase(x * 10, x)
    f = K.function([x, K.learning_phase()], [out])
    value = np.array([1.0, 2.0])
    assert np.allclose(f([value, 1])[0], value * 10)
    assert np.allclose(f([value, 0])[0], value)


def test_learning_phase_defaults_to_test(K, phase_reset):
    x = K.placeholder(shape=(2,))
    f = K.function([x], [K.in_train_phase(x * 10, x)])
    assert np.allclose(f([np.array([1.0, 2.0])])[0], [1.0, 2.0])


@pytest.mark.parametrize("phase", [0, 1], ids=["test", "train"])
def test_set_learning_phase_fixes_the_phase(K, phase_reset, phase):
    K.set_learning_phase(phase)
    assert K.learning_phase() == phase
    x = K.placeholder(shape=(2,))
    f = K.function([x], [K.in_train_phase(x * 10, x), K.in_test_phase(x * 10, x)])
    train, test = f([np.array([1.0, 2.0])])
    assert np.allclose(train, [10.0, 20.0] if phase else [1.0, 2.0])
    assert np.allclose(test, [1.0, 2.0] if phase else [10.0, 20.0])


@pytest.mark.parametrize("value", [2, -1], ids=["two", "minus_one"])
def test_set_learning_phase_refuses_other_values(K, phase_reset, value):
    with pytest.raises(ValueError) as caught:
        K.set_learning_phase(value)
    assert "0" in str(caught.value) and "1" in str(caught.value)


@pytest.mark.parametrize(
    "training, expected", [(1, "x"), (0, "alt"), (True, "x"), (False, "alt")], ids=str
)
def test_in_train_phase_with_explicit_training(K, training, expected):
    x, alt = K.constant([1.0]), K.constant([2.0])
    chosen = K.in_train_phase(x, alt, training=training)
    assert np.allclose(evaluate(K, chosen), [1.0] if expected == "x" else [2.0])


def test_in_train_phase_calls_callables(K):
    chosen = K.in_train_phase(lambda: K.constant([1.0]), lambda: K.constant([2.0]), training=1)
    assert np.allclose(evaluate(K, chosen), [1.0])


def test_in_test_phase_with_explicit_training(K):
    x, alt = K.constant([1.0]), K.constant([2.0])
    assert np.allclose(evaluate(K, K.in_test_phase(x, alt, training=0)), [1.0])
    assert np.allclose(evaluate(K, K.in_test_phase(x, alt, training=1)), [2.0])


def test_in_train_phase_with_symbolic_training_flag(K):
    x = K.placeholder(shape=(2,))
    flag = K.placeholder(shape=(), dtype="bool")
    f = K.function([x, flag], [K.in_train_phase(x + 1, x - 1, training=flag)])
    assert np.allclose(f([np.zeros(2), True])[0], [1.0, 1.0])
    assert np.allclose(f([np.zeros(2), False])[0], [-1.0, -1.0])


# --- switch ---------------------------------------------------------------------------------


def test_switch_on_a_scalar_condition(K):
    c = K.placeholder(shape=(), dtype="bool")
    x = K.placeholder(shape=(2,))
    f = K.function([c, x], [K.switch(c, x * 2, x * 3)])
    assert np.allclose(f([True, np.ones(2)])[0], [2.0, 2.0])
    assert np.allclose(f([False, np.ones(2)])[0], [3.0, 3.0])


def test_switch_with_callables(K):
    c = K.placeholder(shape=(), dtype="bool")
    x = K.placeholder(shape=(2,))
    f = K.function([c, x], [K.switch(c, lambda: x + 1, lambda: x - 1)])
    assert np.allclose(f([True, np.zeros(2)])[0], [1.0, 1.0])
    assert np.allclose(f([False, np.zeros(2)])[0], [-1.0, -1.0])


def test_switch_element_wise(K, world):
    condition = np.array([[True, False], [False, True]])
    then, other = np.ones((2, 2), "float32"), np.zeros((2, 2), "float32")
    result = compute(K, world, K.switch, condition, then, other)
    assert np.array_equal(result, np.where(condition, then, other))


def test_switch_condition_of_lower_rank_selects_leading_rows(K, world):
    condition = np.array([True, False, True])
    then = np.arange(6, dtype="float32").reshape(3, 2)
    other = -then
    result = compute(K, world, K.switch, condition, then, other)
    assert np.array_equal(result, np.where(condition[:, None], then, other))


def test_switch_on_python_value(K):
    assert np.allclose(evaluate(K, K.switch(True, K.constant(1.0), K.constant(2.0))), 1.0)
    assert np.allclose(evaluate(K, K.switch(0, K.constant(1.0), K.constant(2.0))), 2.0)


def test_update_already_applied_eagerly_is_refused_by_function(K):
    # Eager updates apply at once (test_core); K.function must not apply them a second time.
    v = K.variable(np.array([0.0]))
    applied = K.update_add(v, K.constant([1.0]))
    assert np.allclose(K.get_value(v), [1.0])
    with pytest.raises(TypeError) as caught:
        K.function([], [], updates=[applied])
    assert "(variable, new_value) pair" in str(caught.value)
