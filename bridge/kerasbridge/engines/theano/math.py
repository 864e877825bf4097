"""Element-wise math, comparisons, reductions and products."""

import builtins

import numpy as np

from .. import common
from . import _library as L
from .core import as_float_tensor, as_tensor, as_tensors, normalize_axes, normalize_axis, to_dense

T = L.T


def _floating(x):
    """x as a tensor, with booleans and integers as floatx (for means and variances)."""
    x = as_tensor(x)
    return x if x.dtype.startswith("float") else T.cast(x, common.floatx())


# --- element-wise ------------------------------------------------------------------------------


def abs(x):
    return L.abs(as_tensor(x))


def sign(x):
    return L.sign(as_tensor(x))


def square(x):
    return T.sqr(as_tensor(x))


def sqrt(x):
    x = as_tensor(x)
    return T.sqrt(T.clip(x, 0.0, np.inf))  # as Keras: negative inputs give 0, not NaN


def exp(x):
    return T.exp(as_tensor(x))


def log(x):
    return T.log(as_tensor(x))


def sin(x):
    return T.sin(as_tensor(x))


def cos(x):
    return T.cos(as_tensor(x))


def tanh(x):
    return T.tanh(as_tensor(x))


def round(x):
    return T.round_half_to_even(as_tensor(x))


def pow(x, a):
    return T.pow(as_tensor(x), a)


def clip(x, min_value, max_value):
    min_value = -np.inf if min_value is None else min_value
    max_value = np.inf if max_value is None else max_value
    if not L.is_tensor(max_value) and not L.is_tensor(min_value) and max_value < min_value:
        max_value = min_value
    return T.clip(as_tensor(x), min_value, max_value)


def maximum(x, y):
    return T.maximum(as_float_tensor(x), as_float_tensor(y))


def minimum(x, y):
    return T.minimum(as_float_tensor(x), as_float_tensor(y))


def equal(x, y):
    return T.eq(as_tensor(x), as_tensor(y))


def not_equal(x, y):
    return T.neq(as_tensor(x), as_tensor(y))


def greater(x, y):
    return T.gt(as_tensor(x), as_tensor(y))


def greater_equal(x, y):
    return T.ge(as_tensor(x), as_tensor(y))


def less(x, y):
    return T.lt(as_tensor(x), as_tensor(y))


def less_equal(x, y):
    return T.le(as_tensor(x), as_tensor(y))


# --- reductions --------------------------------------------------------------------------------


def _reduce(operation, x, axis, keepdims, **options):
    x = as_tensor(x)
    return operation(x, axis=normalize_axes(axis, x.ndim), keepdims=keepdims, **options)


def sum(x, axis=None, keepdims=False):
    return _reduce(T.sum, x, axis, keepdims)


def prod(x, axis=None, keepdims=False):
    return _reduce(T.prod, x, axis, keepdims)


def max(x, axis=None, keepdims=False):
    return _reduce(T.max, x, axis, keepdims)


def min(x, axis=None, keepdims=False):
    return _reduce(T.min, x, axis, keepdims)


def mean(x, axis=None, keepdims=False):
    return _reduce(T.mean, _floating(x), axis, keepdims)


def var(x, axis=None, keepdims=False):
    x = _floating(x)
    centred = x - mean(x, axis, keepdims=True)
    return mean(T.sqr(centred), axis, keepdims)


def std(x, axis=None, keepdims=False):
    return T.sqrt(var(x, axis, keepdims))


def any(x, axis=None, keepdims=False):
    return T.cast(_reduce(T.any, x, axis, keepdims), "bool")


def all(x, axis=None, keepdims=False):
    return T.cast(_reduce(T.all, x, axis, keepdims), "bool")


def argmax(x, axis=-1):
    x = as_tensor(x)
    return T.argmax(x, axis=normalize_axis(axis, x.ndim))


def argmin(x, axis=-1):
    x = as_tensor(x)
    return T.argmin(x, axis=normalize_axis(axis, x.ndim))


def cumsum(x, axis=0):
    x = as_tensor(x)
    return T.cumsum(x, axis=normalize_axis(axis, x.ndim))


def cumprod(x, axis=0):
    x = as_tensor(x)
    return T.cumprod(x, axis=normalize_axis(axis, x.ndim))


def logsumexp(x, axis=None, keepdims=False):
    x = as_tensor(x)
    axes = normalize_axes(axis, x.ndim)
    peak = L.gradient.disconnected_grad(T.max(x, axis=axes, keepdims=True))
    peak = T.switch(T.isinf(peak), 0, peak)  # all -inf (or inf) rows: let exp/log decide
    total = T.log(T.sum(T.exp(x - peak), axis=axes, keepdims=True)) + peak
    return total if keepdims else _drop_axes(total, axes)


def _drop_axes(x, axes):
    axes = list(range(x.ndim)) if axes is None else axes
    x = L.declare_broadcastable(x, axes)
    return x.dimshuffle([a for a in range(x.ndim) if a not in axes])


# --- products ----------------------------------------------------------------------------------


def dot(x, y):
    if L.is_sparse(x) or L.is_sparse(y):
        return L.sparse.structured_dot(x, y)
    x, y = as_tensors(x, y)
    if x.ndim <= 2 and y.ndim <= 2:
        return T.dot(x, y)
    # NumPy's rule: the last axis of x with the second-to-last of y
    return T.tensordot(x, y, axes=[[x.ndim - 1], [builtins.max(y.ndim - 2, 0)]])


def batch_dot(x, y, axes=None):
    x, y = as_tensors(x, y)
    x_axis, y_axis = _batch_dot_axes(x, y, axes)
    # move the contracted axes to the end of x and just after the batch axis of y
    x = x.dimshuffle([a for a in range(x.ndim) if a != x_axis] + [x_axis])
    y = y.dimshuffle([0, y_axis] + [a for a in range(1, y.ndim) if a != y_axis])
    x_rest, y_rest = (
        [x.shape[a] for a in range(1, x.ndim - 1)],
        [y.shape[a] for a in range(2, y.ndim)],
    )
    x3 = T.reshape(x, (x.shape[0], -1, x.shape[-1]))
    y3 = T.reshape(y, (y.shape[0], y.shape[1], -1))
    result = batched_matmul(x3, y3)
    out_ndim = x.ndim + y.ndim - 3
    result = T.reshape(result, [x.shape[0]] + x_rest + y_rest, ndim=out_ndim)
    return result.dimshuffle(0, "x") if out_ndim == 1 else result


def batched_matmul(a, b):
    """(n, i, k) by (n, k, j) -> (n, i, j). Broadcast products rather than Theano's
    BatchedDot, whose C code needs BLAS symbols that "blas.ldflags=" does not link."""
    return T.sum(a.dimshuffle(0, 1, 2, "x") * b.dimshuffle(0, "x", 1, 2), axis=2)


def _batch_dot_axes(x, y, axes):
    if axes is None:
        axes = (x.ndim - 1, y.ndim - 2 if y.ndim > 2 else y.ndim - 1)
    elif np.ndim(axes) == 0:
        axes = (axes, axes)
    x_axis, y_axis = (normalize_axis(int(a), n) for a, n in zip(axes, (x.ndim, y.ndim)))
    if x_axis == 0 or y_axis == 0:
        raise ValueError(
            "batch_dot(): axes cannot include axis 0, the batch axis; got axes=%r." % (axes,)
        )
    return x_axis, y_axis


# --- shape manipulation ------------------------------------------------------------------------


def reshape(x, shape):
    return T.reshape(as_tensor(x), tuple(shape) if isinstance(shape, list) else shape)


def permute_dimensions(x, pattern):
    return as_tensor(x).dimshuffle(tuple(pattern))


def transpose(x):
    if L.is_sparse(x):
        return L.sparse.transpose(x)
    x = as_tensor(x)
    return x.dimshuffle(tuple(reversed(range(x.ndim))))


def flatten(x):
    return T.reshape(as_tensor(x), (-1,))


def batch_flatten(x):
    x = as_tensor(x)
    return T.reshape(x, (x.shape[0], -1))


def expand_dims(x, axis=-1):
    x = as_tensor(x)
    axis = axis + x.ndim + 1 if axis < 0 else axis
    pattern = list(range(x.ndim))
    pattern.insert(axis, "x")
    return x.dimshuffle(pattern)


def squeeze(x, axis):
    x = as_tensor(x)
    axis = normalize_axis(axis, x.ndim)
    x = L.declare_broadcastable(x, [axis])
    return x.dimshuffle([a for a in range(x.ndim) if a != axis])


def concatenate(tensors, axis=-1):
    if builtins.all(L.is_sparse(t) for t in tensors):  # this module defines all
        stack = {0: L.sparse.vstack, 1: L.sparse.hstack}[normalize_axis(axis, 2)]
        return stack(tensors, format="csr")
    tensors = as_tensors(*[to_dense(t) for t in tensors])
    return T.concatenate(tensors, axis=normalize_axis(axis, tensors[0].ndim))


def stack(x, axis=0):
    tensors = as_tensors(*x)
    axis = axis + tensors[0].ndim + 1 if axis < 0 else axis
    return T.stack(tensors, axis=axis)


def tile(x, n):
    x = as_tensor(x)
    reps = [n] if np.ndim(n) == 0 and not L.is_tensor(n) else list(n)
    if len(reps) > x.ndim:
        x = x.dimshuffle(["x"] * (len(reps) - x.ndim) + list(range(x.ndim)))
    reps = [1] * (x.ndim - len(reps)) + reps
    return T.tile(x, reps)


def repeat_elements(x, rep, axis):
    x = as_tensor(x)
    return T.repeat(x, rep, axis=normalize_axis(axis, x.ndim))


def reverse(x, axes):
    x = as_tensor(x)
    flipped = set(normalize_axes(axes, x.ndim))
    return x[tuple(slice(None, None, -1) if a in flipped else slice(None) for a in range(x.ndim))]


def gather(reference, indices):
    indices = as_tensor(indices)
    if indices.dtype.startswith("float"):
        indices = T.cast(indices, "int64")
    return as_tensor(reference)[indices]


def one_hot(indices, num_classes):
    indices = as_tensor(indices)
    classes = T.arange(num_classes, dtype=indices.dtype)
    return T.cast(
        T.eq(indices.dimshuffle(list(range(indices.ndim)) + ["x"]), classes), common.floatx()
    )


def arange(start, stop=None, step=1, dtype="int32"):
    if stop is None and not L.is_tensor(start) and start < 0:
        start = 0
    if stop is None:
        start, stop = 0, start
    return T.arange(start, stop, step, dtype=dtype)
