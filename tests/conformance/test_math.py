"""Conformance of the tensor math functions: values, shapes and dtypes against NumPy.

Each case runs twice: on variables evaluated eagerly ("eager"), and through placeholders
whose batch dimension is None, compiled with K.function ("symbolic").
Python 3.6-compatible and engine-agnostic: only K and NumPy.
"""

import numpy as np
import pytest

from .conftest import evaluate

MODES = ["eager", "symbolic"]


def floats(*shape, **options):
    """Uniform float32 values, the same for a given shape whatever tests run before."""
    seed = options.get("seed", 0) + sum((i + 1) * 31 * d for i, d in enumerate(shape))
    low, high = options.get("low", -2.0), options.get("high", 2.0)
    return np.random.RandomState(seed).uniform(low, high, size=shape).astype("float32")


X3 = floats(2, 3, 4)
POSITIVE3 = floats(2, 3, 4, low=0.1, high=3.0)


def as_input(K, array):
    """A variable for float arrays (the common case in Keras code), else a constant."""
    if array.dtype.kind == "f":
        return K.variable(array.astype(K.floatx()))
    return K.constant(array, dtype=str(array.dtype))


def run(K, mode, op, *arrays, **options):
    """op applied to the arrays, as NumPy. Symbolic mode feeds placeholders whose first
    dimension is None (every dimension with ``all_none=True``) through K.function."""
    if mode == "eager":
        return evaluate(K, op(*[as_input(K, a) for a in arrays]))
    holders = [_placeholder(K, a, options.get("all_none", False)) for a in arrays]
    function = K.function(holders, [op(*holders)])
    return np.asarray(function([_fed(K, a) for a in arrays])[0])


def _placeholder(K, array, all_none):
    shape = [None] * array.ndim if all_none else [None] + list(array.shape[1:])
    dtype = K.floatx() if array.dtype.kind == "f" else str(array.dtype)
    return K.placeholder(shape=tuple(shape) if array.ndim else (), dtype=dtype)


def _fed(K, array):
    return array.astype(K.floatx()) if array.dtype.kind == "f" else array


def assert_result(actual, expected, rtol=1e-5, atol=1e-6, dtype=None):
    """Same shape, dtype (float results are checked by the caller's floatx) and values."""
    expected = np.asarray(expected)
    assert actual.shape == expected.shape, "shape %s, expected %s" % (actual.shape, expected.shape)
    if dtype is not None:
        assert actual.dtype == np.dtype(dtype), "dtype %s, expected %s" % (actual.dtype, dtype)
    if expected.dtype.kind in "bi":
        np.testing.assert_array_equal(actual, expected)
    else:
        np.testing.assert_allclose(actual, expected, rtol=rtol, atol=atol)


# --- element-wise ---------------------------------------------------------------------------

UNARY = [
    ("abs", X3, np.abs),
    ("cos", X3, np.cos),
    ("sin", X3, np.sin),
    ("tanh", X3, np.tanh),
    ("exp", X3, np.exp),
    ("log", POSITIVE3, np.log),
    ("sign", np.array([[-2.0, 0.0, 3.0]], "float32"), np.sign),
    ("square", X3, np.square),
    ("sqrt", POSITIVE3, np.sqrt),
    # Keras 2 clips negatives to 0 before the square root: never NaN.
    ("sqrt", np.array([[-1.0, 0.0, 4.0]], "float32"), lambda x: np.sqrt(np.maximum(x, 0))),
    # Halves round to even.
    ("round", np.array([[-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 0.4, -0.6]], "float32"), np.round),
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    "name, x, reference", UNARY, ids=["%s-%d" % (case[0], i) for i, case in enumerate(UNARY)]
)
def test_unary(K, mode, name, x, reference):
    actual = run(K, mode, getattr(K, name), x)
    assert_result(actual, reference(x.astype("float64")), dtype=K.floatx())


BINARY = [
    ("maximum", np.maximum),
    ("minimum", np.minimum),
    ("equal", np.equal),
    ("not_equal", np.not_equal),
    ("greater", np.greater),
    ("greater_equal", np.greater_equal),
    ("less", np.less),
    ("less_equal", np.less_equal),
]
COMPARED = {"equal", "not_equal", "greater", "greater_equal", "less", "less_equal"}
X23 = np.array([[0.0, 1.0, 2.0], [3.0, -1.0, 0.5]], "float32")
Y23 = np.array([[0.0, 2.0, 1.0], [3.0, -2.0, 0.5]], "float32")


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("name, reference", BINARY, ids=[case[0] for case in BINARY])
def test_binary_same_shape(K, mode, name, reference):
    actual = run(K, mode, getattr(K, name), X23, Y23)
    assert_result(actual, reference(X23, Y23), dtype="bool" if name in COMPARED else K.floatx())


@pytest.mark.parametrize("name, reference", BINARY, ids=[case[0] for case in BINARY])
def test_binary_broadcasts_a_row(K, name, reference):
    row = np.array([1.0, 1.0, 0.5], "float32")
    actual = evaluate(K, getattr(K, name)(as_input(K, X23), as_input(K, row)))
    assert_result(actual, reference(X23, row))


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("name, reference", BINARY, ids=[case[0] for case in BINARY])
def test_binary_with_a_python_number(K, mode, name, reference):
    actual = run(K, mode, lambda x: getattr(K, name)(x, 0.5), X23)
    assert_result(actual, reference(X23, 0.5), dtype="bool" if name in COMPARED else K.floatx())


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("exponent", [2, 3.0, 0.5, -1.0], ids=lambda a: "a=%r" % a)
def test_pow(K, mode, exponent):
    actual = run(K, mode, lambda x: K.pow(x, exponent), POSITIVE3)
    assert_result(actual, np.power(POSITIVE3.astype("float64"), exponent), dtype=K.floatx())


CLIPS = [
    (-0.5, 0.5, lambda x: np.clip(x, -0.5, 0.5)),
    (0.0, None, lambda x: np.maximum(x, 0.0)),
    (None, 1.0, lambda x: np.minimum(x, 1.0)),
    # Keras 2: an empty range (max < min) clips everything to min.
    (0.5, -0.5, lambda x: np.full_like(x, 0.5)),
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    "low, high, reference", CLIPS, ids=["[%r,%r]" % (c[0], c[1]) for c in CLIPS]
)
def test_clip(K, mode, low, high, reference):
    actual = run(K, mode, lambda x: K.clip(x, low, high), X3)
    assert_result(actual, reference(X3), dtype=K.floatx())


# --- reductions -----------------------------------------------------------------------------


def _np_var(x, axis=None, keepdims=False):
    return np.var(x, axis=axis, keepdims=keepdims)


def _np_logsumexp(x, axis=None, keepdims=False):
    top = np.max(x, axis=axis, keepdims=True)
    result = np.log(np.sum(np.exp(x - top), axis=axis, keepdims=True)) + top
    return result if keepdims else np.squeeze(result, axis=axis)


REDUCTIONS = [
    ("sum", np.sum),
    ("prod", np.prod),
    ("max", np.max),
    ("min", np.min),
    ("mean", np.mean),
    ("var", _np_var),
    ("std", np.std),
    ("logsumexp", _np_logsumexp),
]
AXES = [None, 0, 1, -1, [0, 2], [1, 2]]


def _axis_id(axis):
    return "axis=%s" % (axis,)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("keepdims", [False, True], ids=["drop", "keepdims"])
@pytest.mark.parametrize("axis", AXES, ids=_axis_id)
@pytest.mark.parametrize("name, reference", REDUCTIONS, ids=[r[0] for r in REDUCTIONS])
def test_reduction(K, mode, name, reference, axis, keepdims):
    actual = run(K, mode, lambda x: getattr(K, name)(x, axis=axis, keepdims=keepdims), X3)
    np_axis = tuple(axis) if isinstance(axis, list) else axis
    expected = reference(X3.astype("float64"), axis=np_axis, keepdims=keepdims)
    assert_result(actual, expected, rtol=1e-4, atol=1e-5, dtype=K.floatx())


def test_logsumexp_is_stable_for_large_values(K):
    x = np.array([[1000.0, 1000.0], [-1000.0, -1000.0]], "float32")
    actual = evaluate(K, K.logsumexp(as_input(K, x), axis=1))
    assert_result(actual, [1000.0 + np.log(2.0), -1000.0 + np.log(2.0)], rtol=1e-6)


LOGICAL = np.array([[[0.0, 1.0], [2.0, 3.0]], [[0.0, 0.0], [5.0, -1.0]]], "float32")


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("keepdims", [False, True], ids=["drop", "keepdims"])
@pytest.mark.parametrize("axis", [None, 0, -1, [1, 2]], ids=_axis_id)
@pytest.mark.parametrize("name, reference", [("any", np.any), ("all", np.all)], ids=["any", "all"])
def test_logical_reduction(K, mode, name, reference, axis, keepdims):
    actual = run(K, mode, lambda x: getattr(K, name)(x, axis=axis, keepdims=keepdims), LOGICAL)
    np_axis = tuple(axis) if isinstance(axis, list) else axis
    assert_result(actual, reference(LOGICAL != 0, axis=np_axis, keepdims=keepdims), dtype="bool")


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("axis", [-1, 0, 1], ids=_axis_id)
@pytest.mark.parametrize(
    "name, reference", [("argmax", np.argmax), ("argmin", np.argmin)], ids=["argmax", "argmin"]
)
def test_arg_reduction(K, mode, name, reference, axis):
    actual = run(K, mode, lambda x: getattr(K, name)(x, axis=axis), X3)
    assert actual.dtype.kind in "iu", "indices must be integers, got %s" % actual.dtype
    np.testing.assert_array_equal(actual, reference(X3, axis=axis))


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("axis", [0, 1, -1], ids=_axis_id)
@pytest.mark.parametrize(
    "name, reference", [("cumsum", np.cumsum), ("cumprod", np.cumprod)], ids=["cumsum", "cumprod"]
)
def test_cumulative(K, mode, name, reference, axis):
    actual = run(K, mode, lambda x: getattr(K, name)(x, axis=axis), X3)
    assert_result(
        actual, reference(X3.astype("float64"), axis=axis), rtol=1e-5, atol=1e-5, dtype=K.floatx()
    )


def test_sum_of_a_numpy_array(K):
    x = np.arange(6.0).reshape(2, 3)
    assert_result(evaluate(K, K.sum(x, axis=0)), [3.0, 5.0, 7.0])


def test_mean_of_booleans_is_a_fraction(K):
    flags = K.greater(as_input(K, X23), 0.75)
    actual = evaluate(K, K.mean(flags, axis=1))
    assert_result(actual, np.mean(X23 > 0.75, axis=1), dtype=K.floatx())


# --- construction ---------------------------------------------------------------------------

ARANGES = [
    ((5,), {}, np.arange(5)),
    ((2, 9, 3), {}, np.arange(2, 9, 3)),
    ((5, 0, -2), {}, np.arange(5, 0, -2)),
    ((-3,), {}, np.arange(0)),  # Keras 2: a negative stop alone gives an empty range
    ((1, 4), {"dtype": "float32"}, np.arange(1, 4, dtype="float32")),
    ((0, 5), {"dtype": "int64"}, np.arange(0, 5, dtype="int64")),
]


@pytest.mark.parametrize(
    "args, kwargs, expected", ARANGES, ids=["arange%r%s" % (a[0], a[1] or "") for a in ARANGES]
)
def test_arange(K, args, kwargs, expected):
    actual = evaluate(K, K.arange(*args, **kwargs))
    assert_result(
        actual, expected.astype(kwargs.get("dtype", "int32")), dtype=kwargs.get("dtype", "int32")
    )


@pytest.mark.parametrize("mode", MODES)
def test_one_hot(K, mode):
    indices = np.array([[0, 3, 1], [2, 2, 0]], "int32")
    actual = run(K, mode, lambda i: K.one_hot(i, 4), indices)
    assert_result(actual, np.eye(4)[indices], dtype=K.floatx())


# --- shapes ---------------------------------------------------------------------------------

SHAPE_OPS = [
    ("reshape", lambda K: lambda x: K.reshape(x, (-1, 6)), lambda x: x.reshape(-1, 6)),
    ("reshape-3d", lambda K: lambda x: K.reshape(x, (2, 12, 1)), lambda x: x.reshape(2, 12, 1)),
    ("flatten", lambda K: K.flatten, lambda x: x.reshape(-1)),
    ("batch_flatten", lambda K: K.batch_flatten, lambda x: x.reshape(len(x), -1)),
    ("expand_dims-last", lambda K: K.expand_dims, lambda x: x[..., None]),
    ("expand_dims-1", lambda K: lambda x: K.expand_dims(x, 1), lambda x: x[:, None]),
    (
        "permute_dimensions",
        lambda K: lambda x: K.permute_dimensions(x, (0, 2, 1)),
        lambda x: x.transpose(0, 2, 1),
    ),
    ("transpose", lambda K: K.transpose, lambda x: x.T),
    ("reverse-0", lambda K: lambda x: K.reverse(x, 0), lambda x: x[::-1]),
    ("reverse-last", lambda K: lambda x: K.reverse(x, -1), lambda x: x[..., ::-1]),
    ("reverse-list", lambda K: lambda x: K.reverse(x, [1, 2]), lambda x: x[:, ::-1, ::-1]),
    (
        "repeat_elements-1",
        lambda K: lambda x: K.repeat_elements(x, 2, 1),
        lambda x: np.repeat(x, 2, axis=1),
    ),
    (
        "repeat_elements-last",
        lambda K: lambda x: K.repeat_elements(x, 3, -1),
        lambda x: np.repeat(x, 3, axis=-1),
    ),
    ("tile", lambda K: lambda x: K.tile(x, (2, 1, 3)), lambda x: np.tile(x, (2, 1, 3))),
    ("squeeze", lambda K: lambda x: K.squeeze(K.expand_dims(x, 1), 1), lambda x: x),
    ("stack-0", lambda K: lambda x: K.stack([x, 2 * x], 0), lambda x: np.stack([x, 2 * x], 0)),
    ("stack-2", lambda K: lambda x: K.stack([x, 2 * x], 2), lambda x: np.stack([x, 2 * x], 2)),
    (
        "concatenate-last",
        lambda K: lambda x: K.concatenate([x, x[:, :, :2]]),
        lambda x: np.concatenate([x, x[:, :, :2]], -1),
    ),
    (
        "concatenate-1",
        lambda K: lambda x: K.concatenate([x, 2 * x, x], axis=1),
        lambda x: np.concatenate([x, 2 * x, x], 1),
    ),
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("name, make_op, reference", SHAPE_OPS, ids=[case[0] for case in SHAPE_OPS])
def test_shape_op(K, mode, name, make_op, reference):
    actual = run(K, mode, make_op(K), X3)
    assert_result(actual, reference(X3), dtype=K.floatx())


@pytest.mark.parametrize(
    "name, make_op, reference",
    [case for case in SHAPE_OPS if case[0] in ("batch_flatten", "flatten", "reshape")],
    ids=["batch_flatten", "flatten", "reshape"],
)
def test_shape_op_with_every_dimension_unknown(K, name, make_op, reference):
    actual = run(K, "symbolic", make_op(K), X3, all_none=True)
    assert_result(actual, reference(X3))


def test_batch_flatten_keeps_the_static_shape(K, engine_id):
    skip_on_tf_keras(engine_id, "a static batch_flatten shape")
    assert K.int_shape(K.batch_flatten(K.placeholder(shape=(None, 3, 4)))) == (None, 12)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    "indices",
    [np.array([0, 2, 1, 0], "int32"), np.array([[1, 0], [0, 1]], "int32")],
    ids=["vector", "matrix"],
)
def test_gather(K, mode, indices):
    reference = floats(3, 4)
    if mode == "eager":
        actual = evaluate(K, K.gather(as_input(K, reference), indices))
    else:
        holder = K.placeholder(shape=(None, 4))
        chosen = K.placeholder(shape=(None,) * indices.ndim, dtype="int32")
        actual = K.function([holder, chosen], [K.gather(holder, chosen)])([reference, indices])[0]
    assert_result(np.asarray(actual), reference[indices], dtype=K.floatx())


# --- products -------------------------------------------------------------------------------

DOTS = [
    ((3, 4), (4, 5)),
    ((2, 3, 4), (4, 5)),
    ((2, 3, 4), (5, 4, 6)),
    ((3, 4), (2, 4, 5)),
    ((4,), (4, 5)),
    ((3, 4), (4,)),
]


def skip_on_tf_keras(engine_id, what):
    """kerasbridge goes beyond Keras 2 here; TensorFlow's own tf_keras does not."""
    if engine_id == "tf_keras":
        pytest.skip("tf_keras does not support %s (a kerasbridge extension)" % what)


@pytest.mark.parametrize("x_shape, y_shape", DOTS, ids=["%s.%s" % d for d in DOTS])
def test_dot(K, engine_id, x_shape, y_shape):
    x, y = floats(*x_shape), floats(*y_shape)
    actual = evaluate(K, K.dot(as_input(K, x), as_input(K, y)))
    assert_result(actual, np.dot(x.astype("float64"), y), rtol=1e-4, atol=1e-5, dtype=K.floatx())


def test_dot_with_a_none_batch(K):
    x, w = floats(3, 2, 4), floats(4, 5)
    holder = K.placeholder(shape=(None, 2, 4))
    product = K.dot(holder, as_input(K, w))
    assert K.int_shape(product) == (None, 2, 5)
    actual = K.function([holder], [product])([x])[0]
    assert_result(np.asarray(actual), np.dot(x, w), rtol=1e-4, atol=1e-5)


def batch_dot_reference(x, y, axes):
    """Per sample, contract x's axis axes[0] with y's axis axes[1] (axes count the batch)."""
    x_axis, y_axis = axes
    result = np.stack(
        [np.tensordot(x[i], y[i], ([x_axis - 1], [y_axis - 1])) for i in range(len(x))]
    )
    return result[:, None] if result.ndim == 1 else result


BATCH_DOTS = [
    # (x shape, y shape, axes given, axes for the reference)
    ((2, 3), (2, 3), None, (1, 1)),
    ((2, 3, 4), (2, 4, 5), None, (2, 1)),
    ((2, 4), (2, 4, 5), None, (1, 1)),
    ((2, 3, 4), (2, 4), None, (2, 1)),
    ((2, 5, 1), (2, 6, 5), (1, 2), (1, 2)),  # Keras 2's documented example, smaller
    ((2, 3, 4), (2, 3, 5), 1, (1, 1)),
    ((2, 3, 4, 5), (2, 5, 6), None, (3, 1)),
    ((2, 3, 4), (2, 6, 4, 5), (2, 2), (2, 2)),
    ((2, 3, 4), (2, 4, 3), (-1, 1), (2, 1)),
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    "x_shape, y_shape, axes, reference_axes",
    BATCH_DOTS,
    ids=["%s.%s-axes=%s" % (c[0], c[1], c[2]) for c in BATCH_DOTS],
)
def test_batch_dot(K, mode, x_shape, y_shape, axes, reference_axes):
    x, y = floats(*x_shape), floats(*y_shape)
    actual = run(K, mode, lambda a, b: K.batch_dot(a, b, axes=axes), x, y)
    expected = batch_dot_reference(x.astype("float64"), y, reference_axes)
    assert_result(actual, expected, rtol=1e-4, atol=1e-5, dtype=K.floatx())


def test_batch_dot_with_every_dimension_unknown(K):
    x, y = floats(2, 3, 4), floats(2, 4, 5)
    actual = run(K, "symbolic", K.batch_dot, x, y, all_none=True)
    assert_result(actual, batch_dot_reference(x, y, (2, 1)), rtol=1e-4, atol=1e-5)


def test_batch_dot_refuses_the_batch_axis(K):
    x = as_input(K, floats(2, 3))
    with pytest.raises(ValueError, match="axis 0"):
        K.batch_dot(x, x, axes=(0, 1))


# --- gradients ------------------------------------------------------------------------------


def check_gradient(K, op, x, directions=4, step=1e-2, rtol=2e-2, atol=2e-3):
    """d sum(op(x) * weights) / dx by K.gradients matches central finite differences,
    compared along a few random directions (each costs two evaluations, not two per entry)."""
    holder = K.placeholder(shape=x.shape)
    output = op(holder)
    weights = as_input(K, floats(*K.int_shape(output)) if K.int_shape(output) else np.float32(1))
    loss = K.sum(output * weights)
    loss_of = K.function([holder], [loss])
    gradient = np.asarray(K.function([holder], K.gradients(loss, [holder]))([x])[0], "float64")
    rng = np.random.RandomState(5)
    for _ in range(directions):
        direction = rng.normal(size=x.shape).astype(x.dtype)
        up = float(np.asarray(loss_of([x + step * direction])[0]))
        down = float(np.asarray(loss_of([x - step * direction])[0]))
        numeric = (up - down) / (2 * step)
        np.testing.assert_allclose(np.sum(gradient * direction), numeric, rtol=rtol, atol=atol)


GRADIENTS = [
    ("sqrt", lambda K: K.sqrt, POSITIVE3),
    ("logsumexp", lambda K: lambda x: K.logsumexp(x, axis=1), X3),
    ("std", lambda K: lambda x: K.std(x, axis=-1), X3),
    ("prod", lambda K: lambda x: K.prod(x, axis=0), X3),
    ("max", lambda K: lambda x: K.max(x, axis=2), X3),
    ("batch_dot", lambda K: lambda x: K.batch_dot(x, K.permute_dimensions(x, (0, 2, 1))), X3),
    ("dot", lambda K: lambda x: K.dot(x, K.variable(floats(4, 2))), X3),
    ("cumprod", lambda K: lambda x: K.cumprod(x, axis=1), X3),
]


@pytest.mark.parametrize("name, make_op, x", GRADIENTS, ids=[case[0] for case in GRADIENTS])
def test_gradient_matches_finite_differences(K, name, make_op, x):
    check_gradient(K, make_op(K), x.astype(K.floatx()))


# --- other inputs: sparse tensors, NumPy arrays, short tile counts --------------------------


def sparse_input(K):
    """A sparse tensor (K.variable of a SciPy matrix, as in Keras 2) and its dense value."""
    sparse = pytest.importorskip("scipy.sparse")
    matrix = sparse.random(4, 3, density=0.5, format="csr", random_state=0).astype("float32")
    tensor = K.variable(matrix)
    assert K.is_sparse(tensor)
    return tensor, matrix.toarray()


def test_sparse_dot_and_concatenate(K):
    tensor, dense = sparse_input(K)
    w = floats(3, 2)
    assert_result(evaluate(K, K.dot(tensor, as_input(K, w))), dense.dot(w), rtol=1e-5)
    stacked = evaluate(K, K.to_dense(K.concatenate([tensor, tensor], 0)))
    assert_result(stacked, np.concatenate([dense, dense], axis=0))


def test_sparse_transpose(K, engine_id):
    skip_on_tf_keras(engine_id, "transpose of a sparse tensor")
    tensor, dense = sparse_input(K)
    assert_result(evaluate(K, K.to_dense(K.transpose(tensor))), dense.T)


ARRAY_OPERANDS = [
    ("maximum", lambda K, a, v: K.maximum(a, v), np.maximum),
    ("greater", lambda K, a, v: K.greater(a, v), np.greater),
    ("dot", lambda K, a, v: K.dot(a, K.transpose(v)), lambda a, b: np.dot(a, b.T)),
    ("concatenate", lambda K, a, v: K.concatenate([v, a], 0), lambda a, b: np.concatenate([b, a])),
    ("stack", lambda K, a, v: K.stack([a, v]), lambda a, b: np.stack([a, b])),
]


@pytest.mark.parametrize("name, op, reference", ARRAY_OPERANDS, ids=[c[0] for c in ARRAY_OPERANDS])
def test_a_float64_array_next_to_a_variable_takes_its_dtype(K, engine_id, name, op, reference):
    """R arrays arrive as float64 NumPy arrays; next to a floatx variable they just work."""
    skip_on_tf_keras(engine_id, "float64 arrays mixed with float32 variables")
    array, values = X23.astype("float64"), Y23
    actual = evaluate(K, op(K, array, K.variable(values)))
    expected = reference(array, values)
    assert_result(actual, expected, dtype="bool" if name == "greater" else K.floatx())


@pytest.mark.parametrize("counts", [2, (2,), (3, 1), (2, 1, 1, 2)], ids=lambda n: "n=%s" % (n,))
def test_tile_follows_numpy_for_other_count_lengths(K, engine_id, counts):
    if np.ndim(counts) and len(counts) > X3.ndim:  # shorter counts: tf_keras takes them too
        skip_on_tf_keras(engine_id, "tile counts longer than x's rank")
    actual = evaluate(K, K.tile(as_input(K, X3), counts))
    assert_result(actual, np.tile(X3, counts))
