"""Element-wise math, reductions, products and shape manipulation on CNTK.

CNTK broadcasts like NumPy (trailing axes aligned) and its Python axes are NumPy's, so most
functions are direct. CNTK lacks cumsum, cumprod, tile, sign and round-half-to-even; they are
built here from its primitives.
"""

import builtins
import numbers

import numpy as np

from . import _function, _tensors, core
from ._cntk import C
from ._tensors import as_variable, mark_dtype, to_pair, to_tensor
from .core import int_shape, is_tensor, ndim

# ---------------------------------------------------------------------------------------------
# Axes


def _axis(x, axis):
    """One axis as a non-negative index (Keras allows negative ones)."""
    rank = ndim(x)
    if not -rank <= axis < builtins.max(rank, 1):  # this module defines max
        raise ValueError(
            "axis %d is out of range for a tensor of rank %d (shape %s). Use an axis in "
            "[%d, %d)." % (axis, rank, int_shape(x), -rank, rank)
        )
    return axis % rank if rank else 0


def _axes(x, axis):
    if axis is None:
        return tuple(range(ndim(x)))
    if isinstance(axis, numbers.Integral):
        return (_axis(x, axis),)
    return tuple(sorted({_axis(x, a) for a in axis}))


def _same_dtype(result, x):
    return mark_dtype(result, core.dtype(x))


def _bool(result):
    return mark_dtype(result, "bool")


# ---------------------------------------------------------------------------------------------
# Element-wise


def _float(x):
    return to_tensor(x)


def abs(x):
    x = _float(x)
    return _same_dtype(C.abs(x), x)


def exp(x):
    return C.exp(_float(x))


def log(x):
    return C.log(_float(x))


def sqrt(x):
    return C.sqrt(C.element_max(_float(x), 0.0))  # Keras 2 clips negatives: never NaN


def square(x):
    x = _float(x)
    return _same_dtype(C.square(x), x)


def sin(x):
    return C.sin(_float(x))


def cos(x):
    return C.cos(_float(x))


def tanh(x):
    return C.tanh(_float(x))


def sign(x):
    x = _float(x)
    return _same_dtype(C.greater(x, 0) - C.less(x, 0), x)


def round(x):
    # CNTK rounds halves up; Keras (TensorFlow) rounds halves to even.
    x = _float(x)
    up = C.floor(x + 0.5)
    is_half = C.equal(x + 0.5, up)
    is_odd = C.not_equal(up - 2.0 * C.floor(up * 0.5), 0)
    return _same_dtype(up - is_half * is_odd, x)


def pow(x, a):
    x, a = to_pair(x, a)
    return _same_dtype(C.pow(x, a), x)


def clip(x, min_value, max_value):
    x = _float(x)
    if min_value is None:
        min_value = -np.inf
    if max_value is None:
        max_value = np.inf
    if not is_tensor(max_value) and not is_tensor(min_value) and max_value < min_value:
        max_value = min_value
    low, high = to_tensor(min_value, like=x), to_tensor(max_value, like=x)
    return _same_dtype(C.clip(x, low, high), x)


def maximum(x, y):
    x, y = to_pair(x, y)
    return _same_dtype(C.element_max(x, y), x)


def minimum(x, y):
    x, y = to_pair(x, y)
    return _same_dtype(C.element_min(x, y), x)


def _comparison(op, x, y):
    x, y = to_pair(x, y)
    return _bool(op(x, y))


def equal(x, y):
    return _comparison(C.equal, x, y)


def not_equal(x, y):
    return _comparison(C.not_equal, x, y)


def greater(x, y):
    return _comparison(C.greater, x, y)


def greater_equal(x, y):
    return _comparison(C.greater_equal, x, y)


def less(x, y):
    return _comparison(C.less, x, y)


def less_equal(x, y):
    return _comparison(C.less_equal, x, y)


# ---------------------------------------------------------------------------------------------
# Reductions


def _reduce(op, x, axis, keepdims):
    x = _float(x)
    axes = _axes(x, axis)
    if not axes:
        return x
    return op(x, axis=axes, keepdims=bool(keepdims))


def sum(x, axis=None, keepdims=False):
    x = _float(x)
    return _same_dtype(_reduce(C.reduce_sum, x, axis, keepdims), x)


def prod(x, axis=None, keepdims=False):
    x = _float(x)
    return _same_dtype(_reduce(C.reduce_prod, x, axis, keepdims), x)


def max(x, axis=None, keepdims=False):
    x = _float(x)
    return _same_dtype(_reduce(C.reduce_max, x, axis, keepdims), x)


def min(x, axis=None, keepdims=False):
    x = _float(x)
    return _same_dtype(_reduce(C.reduce_min, x, axis, keepdims), x)


def mean(x, axis=None, keepdims=False):
    x = _float(x)
    result = _reduce(C.reduce_mean, x, axis, keepdims)
    if core.dtype(x) == "bool":  # the fraction of true values, as Keras 2
        return mark_dtype(result, core.common.floatx())
    return result if _tensors.is_float(x) else _same_dtype(C.floor(result), x)


def var(x, axis=None, keepdims=False):
    x = _float(x)
    axes = _axes(x, axis)
    if not axes:  # a scalar: no spread
        return x * 0.0
    centered = x - C.reduce_mean(x, axis=axes, keepdims=True)
    return C.reduce_mean(C.square(centered), axis=axes, keepdims=bool(keepdims))


def std(x, axis=None, keepdims=False):
    return C.sqrt(var(x, axis, keepdims))


def logsumexp(x, axis=None, keepdims=False):
    return _reduce(C.reduce_log_sum_exp, x, axis, keepdims)


def any(x, axis=None, keepdims=False):
    x = _float(x)
    return _bool(_reduce(C.reduce_max, C.not_equal(x, 0), axis, keepdims))


def all(x, axis=None, keepdims=False):
    x = _float(x)
    return _bool(_reduce(C.reduce_min, C.not_equal(x, 0), axis, keepdims))


def _arg(op, x, axis):
    x = _float(x)
    axis = _axis(x, axis)
    result = C.reshape(op(x, axis=axis), (), begin_axis=axis, end_axis=axis + 1)
    return mark_dtype(result, "int64")


def argmax(x, axis=-1):
    return _arg(C.argmax, x, axis)


def argmin(x, axis=-1):
    return _arg(C.argmin, x, axis)


def _move_axis_last(x, axis):
    order = [a for a in range(ndim(x)) if a != axis] + [axis]
    return C.transpose(x, order), np.argsort(order).tolist()


def _scan_unknown_axis(x, axis, step):
    """A running reduction along an axis of unknown size, with a CNTK recurrence.

    The axis is moved first and becomes a sequence axis (after a batch axis of one sample);
    ``step(element, previous)`` combines each element with the result before it.
    """
    rank = ndim(x)
    order = [axis] + [a for a in range(rank) if a != axis]
    moved = C.transpose(x, order) if axis else x
    if rank == 1:  # CNTK makes sequences from data of rank >= 2: add an axis, drop it after
        moved = C.reshape(moved, (1,), begin_axis=1, end_axis=1)
    one_sample = C.reshape(moved, (1,), begin_axis=0, end_axis=0)
    sequence = C.to_sequence(C.to_batch(one_sample))
    if rank == 1:
        sequence = C.reshape(sequence, ())
    previous = C.placeholder(sequence.shape, dynamic_axes=sequence.dynamic_axes)
    running = step(sequence, previous)
    running.replace_placeholders({previous: running.output})
    unpacked = C.unpack_batch(C.sequence.unpack(running, 0.0, no_mask_output=True))
    result = C.reshape(unpacked, (), begin_axis=0, end_axis=1)  # drop the sample axis
    if rank == 1 and ndim(result) == 2:
        result = C.reshape(result, (), begin_axis=1, end_axis=2)
    return C.transpose(result, np.argsort(order).tolist()) if axis else result


def cumsum(x, axis=0):
    # A running sum is a product with an upper-triangular matrix of ones along the axis.
    x = _float(x)
    axis = _axis(x, axis)
    size = int_shape(x)[axis]
    if size is None:
        return _same_dtype(
            _scan_unknown_axis(x, axis, lambda e, p: e + C.sequence.past_value(p)), x
        )
    moved, back = _move_axis_last(x, axis)
    triangle = np.triu(np.ones((size, size), dtype=as_variable(x).dtype))
    return _same_dtype(C.transpose(C.times(moved, C.constant(triangle)), back), x)


def cumprod(x, axis=0):
    # No product scan in CNTK and log/exp fails on zeros: multiply slice by slice.
    x = _float(x)
    axis = _axis(x, axis)
    size = int_shape(x)[axis]
    if size is None:
        return _same_dtype(
            _scan_unknown_axis(
                x, axis, lambda e, p: e * C.sequence.past_value(p, initial_state=1.0)
            ),
            x,
        )
    running, parts = None, []
    for index in range(size):
        part = C.slice(x, axis, index, index + 1)
        running = part if running is None else running * part
        parts.append(running)
    return _same_dtype(C.splice(*parts, axis=axis) if size > 1 else parts[0], x)


# ---------------------------------------------------------------------------------------------
# Products


def dot(x, y):
    x, y = to_pair(x, y)
    y_rank = ndim(y)
    if ndim(x) == 0 or y_rank == 0:
        return x * y
    if y_rank == 1:  # a vector: contract x's last axis with it
        return _same_dtype(C.reduce_sum(x * y, axis=ndim(x) - 1, keepdims=False), x)
    if y_rank > 2:
        # Keras contracts x's last axis with y's second-to-last: bring that axis first.
        order = [y_rank - 2] + list(range(y_rank - 2)) + [y_rank - 1]
        y = C.transpose(y, order)
    return _same_dtype(C.times(x, y, output_rank=y_rank - 1), x)


def batch_dot(x, y, axes=None):
    x, y = to_pair(x, y)
    x_rank, y_rank = ndim(x), ndim(y)
    if x_rank < 2 or y_rank < 2:
        raise ValueError(
            "batch_dot() needs tensors of rank 2 or more (batch first), got shapes %s and %s."
            % (int_shape(x), int_shape(y))
        )
    if axes is None:
        axes = (x_rank - 1, y_rank - 1 if y_rank == 2 else y_rank - 2)
    elif isinstance(axes, numbers.Integral):
        axes = (axes, axes)
    x_axis, y_axis = _axis(x, axes[0]), _axis(y, axes[1])
    if x_axis == 0 or y_axis == 0:
        raise ValueError("batch_dot() cannot contract the batch axis 0, got axes %s." % (axes,))
    # Per sample: x with the contracted axis last, times y with it first.
    x_order = [0] + [a for a in range(1, x_rank) if a != x_axis] + [x_axis]
    y_order = [0, y_axis] + [a for a in range(1, y_rank) if a != y_axis]
    x_moved, y_moved = C.transpose(x, x_order), C.transpose(y, y_order)
    if y_rank == 2:  # y is (batch, k): multiply along k and sum
        y_moved = C.reshape(y_moved, (1,) * (x_rank - 2), begin_axis=1, end_axis=1)
        result = C.reduce_sum(x_moved * y_moved, axis=x_rank - 1, keepdims=False)
    else:
        product = C.times(C.to_batch(x_moved), C.to_batch(y_moved), output_rank=y_rank - 2)
        result = _tensors.unpack_batch(product, int_shape(x)[0])
    if ndim(result) == 1:
        result = C.reshape(result, (1,), begin_axis=1, end_axis=1)
    return _same_dtype(result, x)


# ---------------------------------------------------------------------------------------------
# Shapes


def reshape(x, shape):
    x = to_tensor(x)
    return _same_dtype(C.reshape(x, tuple(shape)), x)


def permute_dimensions(x, pattern):
    x = to_tensor(x)
    return _same_dtype(C.transpose(x, tuple(pattern)), x)


def transpose(x):
    x = to_tensor(x)
    rank = ndim(x)
    if rank < 2:
        return core.identity(x)
    return _same_dtype(C.transpose(x, tuple(reversed(range(rank)))), x)


def expand_dims(x, axis=-1):
    x = to_tensor(x)
    rank = ndim(x)
    if not -rank - 1 <= axis <= rank:
        raise ValueError(
            "expand_dims(): axis %d is out of range for a tensor of rank %d; use an axis in "
            "[%d, %d]." % (axis, rank, -rank - 1, rank)
        )
    axis = axis % (rank + 1)
    return _same_dtype(C.reshape(x, (1,), begin_axis=axis, end_axis=axis), x)


def squeeze(x, axis):
    x = to_tensor(x)
    axis = _axis(x, axis)
    if int_shape(x)[axis] not in (1, None):
        raise ValueError(
            "squeeze(): axis %d has size %d, not 1 (shape %s). Squeeze an axis of size 1."
            % (axis, int_shape(x)[axis], int_shape(x))
        )
    return _same_dtype(C.reshape(x, (), begin_axis=axis, end_axis=axis + 1), x)


def flatten(x):
    x = to_tensor(x)
    return _same_dtype(C.reshape(x, (-1,)), x)


def batch_flatten(x):
    x = to_tensor(x)
    if ndim(x) == 1:
        return expand_dims(x, 1)
    return _same_dtype(C.reshape(x, (-1,), begin_axis=1), x)


def concatenate(tensors, axis=-1):
    tensors = [to_tensor(t) for t in tensors]
    first = tensors[0]
    tensors = [first] + [to_pair(first, t)[1] for t in tensors[1:]]
    if len(tensors) == 1:
        return core.identity(first)
    return _same_dtype(C.splice(*tensors, axis=_axis(first, axis)), first)


def stack(x, axis=0):
    tensors = [to_tensor(t) for t in x]
    rank = ndim(tensors[0]) + 1
    axis = axis % rank
    return concatenate([expand_dims(t, axis) for t in tensors], axis=axis)


def tile(x, n):
    x = to_tensor(x)
    n = _known_value(n, "tile", "counts")
    counts = [n] if isinstance(n, numbers.Integral) else list(n)
    # numpy.tile's rule: missing leading counts are 1; extra counts add leading axes of size 1.
    counts = [1] * (ndim(x) - len(counts)) + counts
    result = x
    while ndim(result) < len(counts):
        result = expand_dims(result, 0)
    for axis, count in enumerate(counts):
        if count == 0:
            raise ValueError("tile(): the CNTK engine cannot make empty tensors (a count of 0).")
        if count > 1:
            result = C.splice(*([result] * count), axis=axis)
    return _same_dtype(result, x)


def repeat_elements(x, rep, axis):
    x = to_tensor(x)
    axis = _axis(x, axis)
    if rep == 1:
        return core.identity(x)
    # Add an axis after `axis`, copy along it, then merge the two.
    spread = C.reshape(x, (1,), begin_axis=axis + 1, end_axis=axis + 1)
    copies = C.splice(*([spread] * rep), axis=axis + 1)
    return _same_dtype(C.reshape(copies, (-1,), begin_axis=axis, end_axis=axis + 2), x)


def reverse(x, axes):
    x = to_tensor(x)
    result = x
    for axis in _axes(x, axes):
        result = C.slice(result, axis, 0, 0, strides=-1)  # end 0: the whole axis
    return _same_dtype(result, x)


def arange(start, stop=None, step=1, dtype="int32"):
    if stop is None:
        start, stop = 0, start
    values = np.arange(*(_known_value(v, "arange", "bounds") for v in (start, stop, step)))
    if values.size == 0:  # CNTK has no empty tensors (it crashes on one): a typed empty array
        return values.astype(_tensors.dtype_name(dtype))
    return core.constant(values, dtype=dtype)


def _known_value(value, function_name, what):
    """A size-giving argument (arange's bounds, tile's counts) given as a tensor: its value.
    CNTK shapes are fixed when the graph is built, so one that depends on placeholders cannot
    give a size."""
    if not is_tensor(value):
        return value
    if _function.as_function(value).arguments:
        raise ValueError(
            "%s(): on CNTK the %s must be known when the graph is built (its shapes are "
            "static), but got a tensor that depends on placeholders (%s). Pass numbers or a "
            "constant tensor." % (function_name, what, value)
        )
    return np.asarray(core.eval(value)).tolist()


def gather(reference, indices):
    reference = to_tensor(reference)
    indices = to_tensor(indices, like=reference) if not is_tensor(indices) else indices
    if as_variable(indices).dtype != as_variable(reference).dtype:
        indices = C.cast(indices, as_variable(reference).dtype)
    return _same_dtype(C.gather(reference, indices), reference)


def one_hot(indices, num_classes):
    indices = to_tensor(indices)
    return C.one_hot(indices, num_classes)
