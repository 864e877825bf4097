"""Variables, placeholders, values, shapes, sessions and updates, eager and symbolic."""

import numpy as np
import pytest

from .conftest import compute, evaluate


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


def test_python_operators_on_placeholders(K):
    x = K.placeholder(shape=(None, 2))
    y = -(x * 2 + 1) / 2
    value = np.array([[1.0, 2.0]], dtype="float32")
    assert np.allclose(K.function([x], [y])([value])[0], -(value * 2 + 1) / 2)


def test_eval_of_placeholder_expression_says_to_use_function(K):
    x = K.placeholder(shape=(2,))
    with pytest.raises(Exception) as caught:
        K.eval(x * 2)
    assert "placeholder" in str(caught.value).lower()


def test_eval_of_symbolic_expression_without_placeholder(K):
    x = K.placeholder(shape=(2,))
    v = K.variable(np.array([1.0, 2.0]))
    y = K.identity(v) + 0 * K.sum(x)  # symbolic, but its value needs the placeholder
    assert K.int_shape(y) == (2,)
    assert np.allclose(K.function([x], [y])([np.zeros(2)])[0], [1.0, 2.0])


def test_get_value_and_set_value(K):
    v = K.variable(np.zeros((2, 2)))
    K.set_value(v, np.array([[1, 2], [3, 4]]))
    assert np.array_equal(K.get_value(v), [[1, 2], [3, 4]])
    assert K.get_value(v).dtype == np.dtype(K.floatx())


def test_batch_get_and_set_value(K):
    a, b = K.variable(np.zeros(2)), K.variable(np.zeros(3))
    K.batch_set_value([(a, np.ones(2)), (b, np.full(3, 2.0))])
    got = K.batch_get_value([a, b])
    assert np.array_equal(got[0], np.ones(2)) and np.array_equal(got[1], np.full(3, 2.0))


def test_count_params(K):
    assert K.count_params(K.zeros((3, 4, 5))) == 60


@pytest.mark.parametrize("make, fill", [("zeros", 0.0), ("ones", 1.0)], ids=["zeros", "ones"])
def test_zeros_and_ones_are_variables(K, make, fill):
    v = getattr(K, make)((2, 3), dtype="float64")
    assert K.dtype(v) == "float64"
    assert np.array_equal(evaluate(K, v), np.full((2, 3), fill))
    K.set_value(v, np.full((2, 3), 7.0))  # a variable: its value can be set
    assert np.array_equal(evaluate(K, v), np.full((2, 3), 7.0))


@pytest.mark.parametrize(
    "size, expected", [(3, np.eye(3)), ((2, 3), np.eye(2, 3))], ids=["square", "rectangular"]
)
def test_eye(K, size, expected):
    assert np.array_equal(evaluate(K, K.eye(size)), expected)


def test_zeros_like_and_ones_like(K, world):
    value = np.arange(6, dtype="float32").reshape(3, 2)
    zeros, ones = compute(K, world, lambda x: [K.zeros_like(x), K.ones_like(x)], value)
    assert np.array_equal(zeros, np.zeros((3, 2))) and np.array_equal(ones, np.ones((3, 2)))


def test_zeros_like_with_dtype(K):
    assert K.dtype(K.zeros_like(K.variable(np.ones(2)), dtype="int32")) == "int32"


def test_identity_and_cast(K, world):
    value = np.array([1.6, -2.5, 3.0], dtype="float32")
    same, as_int = compute(K, world, lambda x: [K.identity(x), K.cast(x, "int32")], value)
    assert np.allclose(same, value)
    assert as_int.dtype == np.int32 and as_int.tolist() == [1, -2, 3]


def test_shape_is_a_tensor_with_runtime_sizes(K, world):
    value = np.zeros((4, 3, 2), dtype="float32")
    assert compute(K, world, K.shape, value).tolist() == [4, 3, 2]


def test_dtype_of_int_placeholder(K):
    assert K.dtype(K.placeholder(shape=(2,), dtype="int64")) == "int64"


def test_sparse_placeholder_and_to_dense(K):
    x = K.placeholder(shape=(2, 3), sparse=True)
    assert K.is_sparse(x)
    assert not K.is_sparse(K.placeholder(shape=(2, 3)))
    assert K.int_shape(x) == (2, 3)
    sparse = pytest.importorskip("scipy.sparse")
    value = sparse.coo_matrix(([5.0, 7.0], ([0, 1], [1, 2])), shape=(2, 3))
    dense = K.function([x], [K.to_dense(x)])([value])[0]
    assert np.array_equal(dense, value.toarray())


def test_variable_from_scipy_sparse_is_sparse(K):
    sparse = pytest.importorskip("scipy.sparse")
    value = sparse.coo_matrix(([1.0, 2.0], ([0, 1], [0, 2])), shape=(2, 3))
    v = K.variable(value)
    assert K.is_sparse(v)
    assert np.array_equal(evaluate(K, K.to_dense(v)), value.toarray())


def test_to_dense_of_dense_is_unchanged(K):
    value = np.ones((2, 2), dtype="float32")
    assert np.array_equal(evaluate(K, K.to_dense(K.constant(value))), value)


def test_print_tensor_prints_message_and_returns_tensor(K, capfd):
    x = K.placeholder(shape=(2,))
    printed = K.print_tensor(x * 1, message="value is")
    result = K.function([x], [printed])([np.array([3.0, 4.0])])[0]
    out, err = capfd.readouterr()
    assert np.allclose(result, [3.0, 4.0])
    assert "value is" in out + err and "3" in out + err


def test_print_tensor_of_value_prints_at_once(K, capfd):
    result = K.print_tensor(K.constant([5.0, 6.0]), message="now")
    out, err = capfd.readouterr()
    assert "now" in out + err
    assert np.allclose(evaluate(K, result), [5.0, 6.0])


def test_name_scope_prefixes_placeholder_names(K):
    with K.name_scope("block"):
        x = K.placeholder(shape=(2,), name="inputs")
    assert "block" in x.name


def test_backend_name(K, engine_id):
    expected = "tensorflow" if engine_id == "tf_keras" else engine_id
    assert K.backend() == expected


def test_session_run_evaluates_with_feeds(K):
    x = K.placeholder(shape=(2,))
    session = K.get_session()
    # TensorFlow 2 graph tensors cannot be dict keys: feeds are (placeholder, value) pairs.
    fed = session.run(x * 3, feed_dict=[(x, np.array([1.0, 2.0]))])
    assert np.allclose(fed, [3.0, 6.0])
    assert np.allclose(session.run([K.constant([1.0])])[0], [1.0])


def test_set_session_accepts_its_own_session(K):
    K.set_session(K.get_session())


def test_set_session_refuses_other_objects(K):
    with pytest.raises(TypeError) as caught:
        K.set_session("a session")
    assert "get_session" in str(caught.value)


def test_clear_session_resets_uids(K):
    K.get_uid("layer")
    K.clear_session()
    assert K.get_uid("layer") == 1
    assert K.get_uid("layer") == 2


def test_placeholders_work_after_clear_session(K):
    K.clear_session()
    x = K.placeholder(shape=(2,))
    assert np.allclose(K.function([x], [x + 1])([np.array([1.0, 2.0])])[0], [2.0, 3.0])


@pytest.mark.parametrize(
    "name, expected",
    [
        ("update", [5.0, 5.0]),
        ("update_add", [6.0, 7.0]),
        ("update_sub", [-4.0, -3.0]),
    ],
    ids=["update", "update_add", "update_sub"],
)
def test_eager_updates_apply_at_once(K, name, expected):
    v = K.variable(np.array([1.0, 2.0]))
    getattr(K, name)(v, K.constant([5.0, 5.0]))
    assert np.allclose(K.get_value(v), expected)


@pytest.mark.parametrize(
    "name, expected",
    [
        ("update", [5.0, 5.0]),
        ("update_add", [6.0, 7.0]),
        ("update_sub", [-4.0, -3.0]),
    ],
    ids=["update", "update_add", "update_sub"],
)
def test_symbolic_updates_apply_at_each_call(K, name, expected):
    v = K.variable(np.array([1.0, 2.0]))
    x = K.placeholder(shape=(2,))
    f = K.function([x], [K.sum(x)], updates=[getattr(K, name)(v, x)])
    assert np.allclose(K.get_value(v), [1.0, 2.0])  # nothing happens before a call
    f([np.array([5.0, 5.0])])
    assert np.allclose(K.get_value(v), expected)


def test_moving_average_update(K):
    v = K.variable(np.array([10.0, 0.0]))
    x = K.placeholder(shape=(2,))
    f = K.function([x], [], updates=[K.moving_average_update(v, x, 0.9)])
    f([np.array([0.0, 10.0])])
    assert np.allclose(K.get_value(v), [9.0, 1.0])
    f([np.array([0.0, 10.0])])
    assert np.allclose(K.get_value(v), [8.1, 1.9])


def test_stop_gradient_blocks_gradients(K):
    x = K.placeholder(shape=(2,))
    loss = K.sum(x * x + K.stop_gradient(x * x))
    grad = K.gradients(loss, [x])[0]
    assert np.allclose(K.function([x], [grad])([np.array([1.0, 3.0])])[0], [2.0, 6.0])


def test_stop_gradient_of_a_list(K):
    x = K.placeholder(shape=(2,))
    stopped = K.stop_gradient([x, x * 2])
    assert isinstance(stopped, list) and len(stopped) == 2
    grads = K.gradients(K.sum(stopped[1]) + K.sum(x), [x])[0]
    assert np.allclose(K.function([x], [grads])([np.ones(2)])[0], [1.0, 1.0])


def test_python_operators_on_variables_follow_the_variable_in_functions(K):
    # Keras 2 optimizer style: m * 0.5 - x must use m's value at each call.
    m = K.variable(np.array([1.0]))
    x = K.placeholder(shape=(1,))
    f = K.function([x], [], updates=[K.update(m, m * 0.5 - x)])
    f([np.array([1.0])])
    f([np.array([1.0])])
    assert np.allclose(K.get_value(m), [-1.25])
