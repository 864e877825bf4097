"""Variables, placeholders, values, shapes, sessions and updates, eager and symbolic."""

import numpy as np
import pytest

from .conftest import evaluate


def test_eval_of_variable_returns_its_array(K):
    value = np.arange(6, dtype="float32").reshape(2, 3)
    assert np.array_equal(K.eval(K.variable(value)), value)


def test_variable_defaults_to_floatx(K):
    assert K.dtype(K.variable(np.ones(2, dtype="float64"))) == K.floatx()


def test_variable_keeps_an_explicit_dtype(K):
    v = K.variable(np.array([1, 2]), dtype="int32")
    assert K.dtype(v) == "int32"
    assert evaluate(K, v).tolist() == [1, 2]


def test_constant_with_shape_fills_it(K):
    c = K.constant(2.0, shape=(2, 2))
    assert np.array_equal(evaluate(K, c), np.full((2, 2), 2.0))
    assert K.dtype(c) == K.floatx()


@pytest.mark.parametrize("shape", [(2, 3), (None, 3), (None, None, 4)], ids=str)
def test_placeholder_shape_keeps_none_dims(K, shape):
    p = K.placeholder(shape=shape)
    assert K.int_shape(p) == shape
    assert K.ndim(p) == len(shape)
    assert K.dtype(p) == K.floatx()


def test_placeholder_from_ndim_has_unknown_dims(K):
    p = K.placeholder(ndim=3, dtype="int32")
    assert K.int_shape(p) == (None, None, None)
    assert K.dtype(p) == "int32"


def test_int_shape_ndim_dtype_of_variable(K):
    v = K.zeros((2, 5))
    assert K.int_shape(v) == (2, 5)
    assert K.ndim(v) == 2
    assert K.dtype(v) == K.floatx()


def test_function_computes_outputs_from_inputs(K):
    x = K.placeholder(shape=(None, 3))
    f = K.function([x], [x * 2.0, K.identity(x)])
    value = np.arange(6, dtype="float32").reshape(2, 3)
    doubled, same = f([value])
    assert np.allclose(doubled, value * 2)
    assert np.allclose(same, value)


def test_function_reads_current_variable_values(K):
    v = K.variable(np.array([1.0, 2.0]))
    x = K.placeholder(shape=(2,))
    f = K.function([x], [x * K.identity(v)])
    assert np.allclose(f([np.ones(2)])[0], [1.0, 2.0])
    K.set_value(v, np.array([3.0, 4.0]))
    assert np.allclose(f([np.ones(2)])[0], [3.0, 4.0])


def test_gradients_of_placeholder_expression(K):
    x = K.placeholder(shape=(3,))
    grad = K.gradients(K.sum(x * x), [x])[0]
    value = np.array([1.0, -2.0, 3.0], dtype="float32")
    assert np.allclose(K.function([x], [grad])([value])[0], 2 * value)


def test_gradients_reach_variables_through_eager_results(K):
    # K.transpose(w) runs eagerly, yet the gradient must flow back to w.
    w = K.variable(np.array([[1.0, 2.0], [3.0, 4.0]]))
    x = K.placeholder(shape=(None, 2))
    loss = K.sum(K.dot(x, K.transpose(w)))
    grad = K.gradients(loss, [w])[0]
    value = np.array([[1.0, 10.0]], dtype="float32")
    expected = np.array([[1.0, 10.0], [1.0, 10.0]])
    assert np.allclose(K.function([x], [grad])([value])[0], expected)


def test_eager_ops_on_variables_return_values_at_once(K):
    v = K.variable(np.array([-1.0, 2.0]))
    assert np.allclose(evaluate(K, K.abs(v)), [1.0, 2.0])
