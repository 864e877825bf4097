"""Element-wise math, reductions, products and shape manipulation."""

import builtins

import jax
import jax.numpy as jnp
import numpy as np

from ._graph import in_shape_inference, op, sizes_of, static_shape_argument, unknown_size
from ._values import floatx, operands, to_array, to_arrays


def _axes(axis, ndim):
    if axis is None:
        return None
    if np.ndim(axis) == 0:
        return int(axis) % builtins.max(ndim, 1)
    return tuple(int(a) % builtins.max(ndim, 1) for a in axis)


def _float_for_statistics(x):
    x = to_array(x)
    if jnp.issubdtype(x.dtype, jnp.inexact):
        return x
    return x.astype(floatx())


# --- element-wise ---------------------------------------------------------------------------


def _unary(function, name):
    def apply(x):
        return function(to_array(x))

    apply.__name__ = apply.__qualname__ = name
    return op(apply)


abs = _unary(jnp.abs, "abs")
cos = _unary(jnp.cos, "cos")
sin = _unary(jnp.sin, "sin")
tanh = _unary(jnp.tanh, "tanh")
exp = _unary(jnp.exp, "exp")
log = _unary(jnp.log, "log")
sign = _unary(jnp.sign, "sign")
square = _unary(jnp.square, "square")
round = _unary(jnp.round, "round")  # halves to even, as Keras 2


@op
def sqrt(x):
    # Keras 2 clips negatives to 0 first, so sqrt never returns NaN.
    x = to_array(x)
    return jnp.sqrt(jnp.maximum(x, jnp.zeros((), x.dtype)))


@op
def pow(x, a):
    return jnp.power(*operands(x, a))


@op
def clip(x, min_value, max_value):
    x = to_array(x)
    if min_value is not None and max_value is not None:
        if not hasattr(min_value, "shape") or not hasattr(max_value, "shape"):
            max_value = jnp.maximum(max_value, min_value)  # an empty range clips to min
    low = None if min_value is None else to_array(min_value, x.dtype)
    high = None if max_value is None else to_array(max_value, x.dtype)
    return jnp.clip(x, low, high)


def _binary(function, name):
    def apply(x, y):
        return function(*operands(x, y))

    apply.__name__ = apply.__qualname__ = name
    return op(apply)


maximum = _binary(jnp.maximum, "maximum")
minimum = _binary(jnp.minimum, "minimum")
equal = _binary(jnp.equal, "equal")
not_equal = _binary(jnp.not_equal, "not_equal")
greater = _binary(jnp.greater, "greater")
greater_equal = _binary(jnp.greater_equal, "greater_equal")
less = _binary(jnp.less, "less")
less_equal = _binary(jnp.less_equal, "less_equal")


# --- reductions -----------------------------------------------------------------------------


def _reduction(function, name, prepare=to_array):
    def apply(x, axis=None, keepdims=False):
        x = prepare(x)
        return function(x, axis=_axes(axis, x.ndim), keepdims=keepdims)

    apply.__name__ = apply.__qualname__ = name
    return op(apply)


def _keep_dtype_sum(x, axis=None, keepdims=False):
    return jnp.sum(x, axis=axis, keepdims=keepdims, dtype=x.dtype)


def _keep_dtype_prod(x, axis=None, keepdims=False):
    return jnp.prod(x, axis=axis, keepdims=keepdims, dtype=x.dtype)


def _var(x, axis=None, keepdims=False):
    centred = x - jnp.mean(x, axis=axis, keepdims=True)
    return jnp.mean(jnp.square(centred), axis=axis, keepdims=keepdims)


def _std(x, axis=None, keepdims=False):
    return jnp.sqrt(_var(x, axis, keepdims))


def _to_bool(x):
    return to_array(x).astype(bool)


def _logsumexp(x, axis=None, keepdims=False):
    return jax.nn.logsumexp(x, axis=axis, keepdims=keepdims)


sum = _reduction(_keep_dtype_sum, "sum")
prod = _reduction(_keep_dtype_prod, "prod")
max = _reduction(jnp.max, "max")
min = _reduction(jnp.min, "min")
mean = _reduction(jnp.mean, "mean", _float_for_statistics)
var = _reduction(_var, "var", _float_for_statistics)
std = _reduction(_std, "std", _float_for_statistics)
logsumexp = _reduction(_logsumexp, "logsumexp")
all = _reduction(jnp.all, "all", _to_bool)
any = _reduction(jnp.any, "any", _to_bool)


@op
def argmax(x, axis=-1):
    return jnp.argmax(to_array(x), axis=axis).astype("int64")


@op
def argmin(x, axis=-1):
    return jnp.argmin(to_array(x), axis=axis).astype("int64")


@op
def cumsum(x, axis=0):
    x = to_array(x)
    return jnp.cumsum(x, axis=axis, dtype=x.dtype)


@op
def cumprod(x, axis=0):
    x = to_array(x)
    return jnp.cumprod(x, axis=axis, dtype=x.dtype)


# --- construction and shapes ----------------------------------------------------------------


@op
def arange(start, stop=None, step=1, dtype="int32"):
    if step == 0:
        raise ValueError("arange(): step must not be 0, got 0. Give a positive or negative step.")
    if stop is None:
        start, stop = 0, builtins.max(start, 0)  # Keras 2: a negative stop alone gives []
    return jnp.arange(start, stop, step, dtype=np.dtype(dtype))


@op
def one_hot(indices, num_classes):
    indices = to_array(indices)
    if not jnp.issubdtype(indices.dtype, jnp.integer):
        raise TypeError(
            "one_hot(): indices must be an integer tensor, got dtype %s. Cast them first, "
            "e.g. K.cast(indices, 'int32')." % indices.dtype.name
        )
    return jax.nn.one_hot(indices, num_classes, dtype=floatx())


def reshape_to(x, shape):
    """jnp.reshape, except while a node's shape is computed from unknown sizes that make the
    new sizes unprovable (a -1 then becomes unknown): the sizes are checked when it runs."""
    try:
        return jnp.reshape(x, shape)
    except Exception:
        if not in_shape_inference():
            raise
        return jnp.zeros(tuple(unknown_size() if d == -1 else d for d in shape), x.dtype)


def reshape(x, shape):
    return _reshape(x, static_shape_argument(shape))


@op
def _reshape(x, shape):
    return reshape_to(to_array(x), sizes_of(shape))


@op
def flatten(x):
    return reshape_to(to_array(x), (-1,))


@op
def batch_flatten(x):
    x = to_array(x)
    return reshape_to(x, (x.shape[0], -1))


@op
def expand_dims(x, axis=-1):
    return jnp.expand_dims(to_array(x), axis)


@op
def squeeze(x, axis):
    return jnp.squeeze(to_array(x), axis)


@op
def permute_dimensions(x, pattern):
    return jnp.transpose(to_array(x), tuple(pattern))


@op
def transpose(x):
    return jnp.transpose(to_array(x))


@op
def reverse(x, axes):
    x = to_array(x)
    return jnp.flip(x, _axes(axes, x.ndim))


@op
def repeat_elements(x, rep, axis):
    return jnp.repeat(to_array(x), rep, axis=axis)


@op
def tile(x, n):
    x = to_array(x)
    reps = [n] if np.ndim(n) == 0 and not hasattr(n, "shape") else list(sizes_of(n))
    return jnp.tile(x, reps)


def concatenate(tensors, axis=-1):
    result = _concatenate(tensors, axis)
    if builtins.all(getattr(t, "sparse", False) for t in tensors) and hasattr(result, "finish"):
        result.sparse = True  # sparse inputs give a sparse result, held dense as they are
    return result


@op
def _concatenate(tensors, axis=-1):
    arrays = to_arrays(*tensors)
    return jnp.concatenate(arrays, axis=axis)


@op
def stack(x, axis=0):
    return jnp.stack(to_arrays(*x), axis=axis)


@op
def gather(reference, indices):
    indices = to_array(indices)
    if not jnp.issubdtype(indices.dtype, jnp.integer):
        indices = indices.astype("int64")
    return jnp.take(to_array(reference), indices, axis=0)


@op
def dot(x, y):
    x, y = to_arrays(x, y)
    if x.ndim == 2 and y.ndim == 2:
        return jnp.matmul(x, y)
    y_axis = 0 if y.ndim == 1 else y.ndim - 2
    return jnp.tensordot(x, y, [[x.ndim - 1], [y_axis]])


@op
def batch_dot(x, y, axes=None):
    x, y = to_arrays(x, y)
    if x.ndim < 2 or y.ndim < 2:
        raise ValueError(
            "batch_dot(): both inputs need at least 2 axes (batch first), got ranks %d and %d."
            % (x.ndim, y.ndim)
        )
    x_axis, y_axis = _batch_dot_axes(axes, x.ndim, y.ndim)
    if x.shape[x_axis] != y.shape[y_axis]:
        raise ValueError(
            "batch_dot(): the contracted axes must have the same size, got %s (x axis %d, "
            "shape %s) and %s (y axis %d, shape %s)."
            % (x.shape[x_axis], x_axis, x.shape, y.shape[y_axis], y_axis, y.shape)
        )
    result = jax.lax.dot_general(x, y, (((x_axis,), (y_axis,)), ((0,), (0,))))
    if x.ndim == 2 and y.ndim == 2:
        result = result[:, None]
    return result


def _batch_dot_axes(axes, x_rank, y_rank):
    if axes is None:
        axes = (x_rank - 1, y_rank - 1 if y_rank == 2 else y_rank - 2)
    elif np.ndim(axes) == 0:
        axes = (axes, axes)
    if len(axes) != 2:
        raise ValueError(
            "batch_dot(): axes must be one integer or a pair (axis of x, axis of y), got %r."
            % (tuple(axes),)
        )
    x_axis, y_axis = int(axes[0]) % x_rank, int(axes[1]) % y_rank
    if x_axis == 0 or y_axis == 0:
        raise ValueError(
            "batch_dot(): axis 0 is the batch axis and cannot be contracted, got axes %r. "
            "Pick axes >= 1." % (tuple(axes),)
        )
    return x_axis, y_axis
