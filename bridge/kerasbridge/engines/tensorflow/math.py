"""Tensor math on TensorFlow 2: element-wise ops, reductions, shapes and products.

Plain TF 2 code on tensors; the package applies the graph handling around every function.
Inputs may also be NumPy arrays or Python numbers: ``to_tensor`` converts them, giving
Python floats the floatx dtype and an operand paired with a tensor that tensor's dtype.
"""

import builtins

import numpy as np
import tensorflow as tf
from tensorflow.python.ops import gen_array_ops, gen_math_ops

from ..common import floatx

# Eager fast paths: on an eager tensor, the generated op functions below are what TensorFlow's
# public functions call after their own Python (name scopes, argument conversion, dispatch),
# which costs 10-30 us of a 15-60 us tiny eager op (bench/eager_ops.py). They are used only on
# eager tensors of the dtypes the public function sends to the same op; anything else (graph
# tensors, complex values, None axes) takes the public function.
_EAGER = type(tf.constant(0))
# Functions that are one TensorFlow op on eager tensors, for every dtype, and whose raw
# TensorFlow call is that op's generated function itself: the engine runs the op directly
# (_graph._kernel_branch). Their other arguments must be at their defaults.
EAGER_KERNELS = {
    "square": "Square",
    "tanh": "Tanh",
    "sin": "Sin",
    "cos": "Cos",
    "log": "Log",
    "maximum": "Maximum",
    "minimum": "Minimum",
}
# Converting a Python list to a tensor costs more than a small op (~50 us for a reshape's
# shape): the int32 constants of shapes and permutations used eagerly are kept, up to a bound.
_SHAPE_CONSTANTS = {}  # type: dict
_SHAPE_CONSTANTS_MAX = 1024


def _shape_constant(values):
    """An eager int32 tensor of a tuple of ints (or an int), made once per value."""
    found = _SHAPE_CONSTANTS.get(values)
    if found is None:
        if len(_SHAPE_CONSTANTS) >= _SHAPE_CONSTANTS_MAX:
            _SHAPE_CONSTANTS.clear()
        with tf.init_scope():  # eager even when called while a graph is being built
            found = _SHAPE_CONSTANTS[values] = tf.constant(values, dtype=tf.int32)
    return found


def _int_tuple(values):
    """values as a tuple of Python ints when it is a list or tuple of them, else None."""
    if type(values) not in (list, tuple):
        return None
    for value in values:
        if type(value) is not int:
            return None
    return tuple(values)


__all__ = [
    "abs",
    "all",
    "any",
    "arange",
    "argmax",
    "argmin",
    "batch_dot",
    "batch_flatten",
    "clip",
    "concatenate",
    "cos",
    "cumprod",
    "cumsum",
    "dot",
    "equal",
    "exp",
    "expand_dims",
    "flatten",
    "gather",
    "greater",
    "greater_equal",
    "less",
    "less_equal",
    "log",
    "logsumexp",
    "max",
    "maximum",
    "mean",
    "min",
    "minimum",
    "not_equal",
    "one_hot",
    "permute_dimensions",
    "pow",
    "prod",
    "repeat_elements",
    "reshape",
    "reverse",
    "round",
    "sign",
    "sin",
    "sqrt",
    "square",
    "squeeze",
    "stack",
    "std",
    "sum",
    "tanh",
    "tile",
    "transpose",
    "var",
]


# --- conversions shared with nn.py ----------------------------------------------------------


def is_tf_tensor(x):  # any tensor or variable (core.is_tensor is the API function)
    return tf.is_tensor(x) or isinstance(x, tf.Variable)


def to_tensor(x, dtype=None):
    """x as a tensor. Tensors and variables pass unchanged (cast when ``dtype`` differs);
    NumPy values keep their dtype; Python floats (and lists of them) become floatx."""
    if dtype is None and type(x) is _EAGER:
        return x
    if is_tf_tensor(x):
        if dtype is not None and x.dtype != tf.as_dtype(dtype):
            return tf.cast(x, dtype)
        return x
    if dtype is None:
        dtype = _default_dtype(x)
    return tf.convert_to_tensor(x, dtype=dtype)


def _default_dtype(x):
    if isinstance(x, (np.ndarray, np.generic)):
        return x.dtype
    kind = np.asarray(x).dtype.kind
    if kind == "f":
        return floatx()
    if kind in "iu":
        return tf.int32  # Python ints, as TensorFlow converts them
    return None


def to_tensors(*values):
    """Convert several operands together: a non-tensor takes the dtype of the first tensor,
    so ``K.maximum(x, 0.5)`` or an R array next to a float32 variable just works."""
    if _all_eager(values):
        return list(values)
    reference = next((v for v in values if is_tf_tensor(v)), None)
    dtype = None if reference is None else reference.dtype
    return [to_tensor(v, dtype if not is_tf_tensor(v) else None) for v in values]


def _all_eager(values):
    for value in values:
        if type(value) is not _EAGER:
            return False
    return True


_PYTHON_NUMBERS = (int, float)


def operands(x, y):
    """The two operands of an element-wise op. A Python number next to a tensor is left to
    TensorFlow, which converts it to the tensor's dtype in C (a separate conversion costs
    more than the op itself)."""
    if type(x) is _EAGER and (type(y) is _EAGER or type(y) in _PYTHON_NUMBERS):
        return x, y
    if is_tf_tensor(x) and (type(y) in _PYTHON_NUMBERS or is_tf_tensor(y)):
        return x, y
    if is_tf_tensor(y) and type(x) in _PYTHON_NUMBERS:
        return x, y
    return to_tensors(x, y)


def shape_list(x):
    """The shape of x, each dimension a Python int where static, else a scalar tensor."""
    static = x.shape.as_list()
    if builtins.all(d is not None for d in static):
        return static
    dynamic = tf.shape(x)
    return [d if d is not None else dynamic[i] for i, d in enumerate(static)]


def _float_for_statistics(x):
    """Means of bool or integer tensors in floatx (TF would truncate integer means)."""
    x = to_tensor(x)
    if x.dtype.is_floating or x.dtype.is_complex:
        return x
    return tf.cast(x, floatx())


def _axes(axis):
    """Reduction axes for TF: None, an int or a list (R sends length-1 vectors as scalars)."""
    if isinstance(axis, tuple):
        return list(axis)
    return axis


# --- element-wise ---------------------------------------------------------------------------


def abs(x):
    x = to_tensor(x)
    if type(x) is _EAGER and not x.dtype.is_complex:
        return gen_math_ops._abs(x)
    return tf.abs(x)


def cos(x):
    return tf.cos(to_tensor(x))


def sin(x):
    return tf.sin(to_tensor(x))


def tanh(x):
    return tf.tanh(to_tensor(x))


def exp(x):
    x = to_tensor(x)
    if type(x) is _EAGER and not x.dtype.is_complex:
        return gen_math_ops.exp(x)
    return tf.exp(x)


def log(x):
    return tf.math.log(to_tensor(x))


def sign(x):
    return tf.sign(to_tensor(x))


def square(x):
    return tf.square(to_tensor(x))


def round(x):
    return tf.round(to_tensor(x))  # halves to even, as Keras 2


def sqrt(x):
    # Keras 2 clips negatives to 0 first, so sqrt never returns NaN.
    return tf.sqrt(tf.maximum(to_tensor(x), 0))


def pow(x, a):
    return tf.pow(*operands(x, a))


def clip(x, min_value, max_value):
    x = to_tensor(x)
    if type(x) is _EAGER and type(min_value) is float and type(max_value) is float:
        # tf.clip_by_value is minimum then maximum; Keras 2: an empty range clips to min.
        upper = max_value if max_value >= min_value else min_value
        return gen_math_ops.maximum(gen_math_ops.minimum(x, upper), min_value)
    if min_value is None:
        min_value = x.dtype.min
    if max_value is None:
        max_value = x.dtype.max
    if not is_tf_tensor(min_value) and not is_tf_tensor(max_value):
        max_value = np.maximum(max_value, min_value)  # Keras 2: an empty range clips to min
    return tf.clip_by_value(x, _bound(min_value, x), _bound(max_value, x))


def _bound(value, x):
    return value if type(value) in _PYTHON_NUMBERS else to_tensor(value, x.dtype)


def maximum(x, y):
    return tf.maximum(*operands(x, y))


def minimum(x, y):
    return tf.minimum(*operands(x, y))


def _comparison(tf_op):
    def compare(x, y):
        return tf_op(*operands(x, y))

    return compare


equal = _comparison(tf.equal)
not_equal = _comparison(tf.not_equal)
greater = _comparison(tf.greater)
greater_equal = _comparison(tf.greater_equal)
less = _comparison(tf.less)
less_equal = _comparison(tf.less_equal)


# --- reductions -----------------------------------------------------------------------------


def _reduce(public, generated, x, axis, keepdims):
    """A reduction: the generated op on an eager tensor with given axes, else ``public``."""
    if type(x) is _EAGER and (type(axis) is int or type(axis) in _AXIS_LISTS):
        return generated(x, list(axis) if type(axis) is tuple else axis, bool(keepdims))
    return public(x, axis=_axes(axis), keepdims=keepdims)


_AXIS_LISTS = frozenset([list, tuple])


def sum(x, axis=None, keepdims=False):
    return _reduce(tf.reduce_sum, gen_math_ops._sum, to_tensor(x), axis, keepdims)


def prod(x, axis=None, keepdims=False):
    return _reduce(tf.reduce_prod, gen_math_ops.prod, to_tensor(x), axis, keepdims)


def max(x, axis=None, keepdims=False):
    return _reduce(tf.reduce_max, gen_math_ops._max, to_tensor(x), axis, keepdims)


def min(x, axis=None, keepdims=False):
    return _reduce(tf.reduce_min, gen_math_ops._min, to_tensor(x), axis, keepdims)


def mean(x, axis=None, keepdims=False):
    return _reduce(tf.reduce_mean, gen_math_ops.mean, _float_for_statistics(x), axis, keepdims)


def var(x, axis=None, keepdims=False):
    x = _float_for_statistics(x)
    centred = x - tf.reduce_mean(x, axis=_axes(axis), keepdims=True)
    return tf.reduce_mean(tf.square(centred), axis=_axes(axis), keepdims=keepdims)


def std(x, axis=None, keepdims=False):
    return tf.sqrt(var(x, axis, keepdims))


def logsumexp(x, axis=None, keepdims=False):
    return tf.reduce_logsumexp(to_tensor(x), axis=_axes(axis), keepdims=keepdims)


def all(x, axis=None, keepdims=False):
    return tf.reduce_all(tf.cast(to_tensor(x), tf.bool), axis=_axes(axis), keepdims=keepdims)


def any(x, axis=None, keepdims=False):
    return tf.reduce_any(tf.cast(to_tensor(x), tf.bool), axis=_axes(axis), keepdims=keepdims)


def argmax(x, axis=-1):
    x = to_tensor(x)
    if type(x) is _EAGER and type(axis) is int:
        return gen_math_ops.arg_max(x, axis, output_type=tf.int64)
    return tf.argmax(x, axis=axis)


def argmin(x, axis=-1):
    x = to_tensor(x)
    if type(x) is _EAGER and type(axis) is int:
        return gen_math_ops.arg_min(x, axis, output_type=tf.int64)
    return tf.argmin(x, axis=axis)


def cumsum(x, axis=0):
    return tf.cumsum(to_tensor(x), axis=axis)


def cumprod(x, axis=0):
    return tf.math.cumprod(to_tensor(x), axis=axis)


# --- construction and shapes ----------------------------------------------------------------


def arange(start, stop=None, step=1, dtype="int32"):
    if step == 0:
        raise ValueError("arange(): step must not be 0, got 0. Give a positive or negative step.")
    if stop is None:
        start, stop = 0, builtins.max(start, 0)  # Keras 2: a negative stop alone gives []
    return tf.range(start, stop, step, dtype=dtype)


def one_hot(indices, num_classes):
    indices = to_tensor(indices)
    if not indices.dtype.is_integer:
        raise TypeError(
            "one_hot(): indices must be an integer tensor, got dtype %s. Cast them first, "
            "e.g. K.cast(indices, 'int32')." % indices.dtype.name
        )
    return tf.one_hot(indices, depth=num_classes, axis=-1, dtype=floatx())


def reshape(x, shape):
    x = to_tensor(x)
    if type(x) is _EAGER:
        sizes = _int_tuple(shape)
        return gen_array_ops.reshape(x, shape if sizes is None else _shape_constant(sizes))
    return tf.reshape(x, shape)


def flatten(x):
    return tf.reshape(to_tensor(x), [-1])


def batch_flatten(x):
    x = to_tensor(x)
    rest = x.shape[1:].as_list()
    if builtins.all(d is not None for d in rest):
        size = int(np.prod(rest, dtype=np.int64))
    else:
        size = tf.reduce_prod(tf.shape(x)[1:])
    return tf.reshape(x, [-1, size])


def expand_dims(x, axis=-1):
    x = to_tensor(x)
    if type(x) is _EAGER:
        return gen_array_ops.expand_dims(x, axis)
    return tf.expand_dims(x, axis)


def squeeze(x, axis):
    return tf.squeeze(to_tensor(x), [axis])


def permute_dimensions(x, pattern):
    return tf.transpose(to_tensor(x), perm=list(pattern))


def transpose(x):
    if isinstance(x, tf.SparseTensor):
        return tf.sparse.transpose(x)
    x = to_tensor(x)
    rank = x.shape.rank if type(x) is _EAGER else None
    if rank:
        return gen_array_ops.transpose(x, _shape_constant(tuple(range(rank - 1, -1, -1))))
    return tf.transpose(x)


def reverse(x, axes):
    axes = [axes] if isinstance(axes, (int, np.integer)) else list(axes)
    return tf.reverse(to_tensor(x), axes)


def repeat_elements(x, rep, axis):
    return tf.repeat(to_tensor(x), rep, axis=axis)


def tile(x, n):
    """NumPy's tile: fewer counts than axes repeat the last axes, more counts add axes."""
    x = to_tensor(x)
    if is_tf_tensor(n):
        return tf.tile(x, n)
    counts = [n] if isinstance(n, (int, np.integer)) else list(n)
    rank = x.shape.rank
    if len(counts) < rank:
        counts = [1] * (rank - len(counts)) + counts
    for _ in range(len(counts) - rank):
        x = tf.expand_dims(x, 0)
    return tf.tile(x, counts)


def concatenate(tensors, axis=-1):
    if len(tensors) > 1 and _all_eager(tensors):
        return gen_array_ops.concat_v2(list(tensors), axis)
    if builtins.all(isinstance(t, tf.SparseTensor) for t in tensors):
        return tf.sparse.concat(axis, list(tensors))
    dense = [tf.sparse.to_dense(t) if isinstance(t, tf.SparseTensor) else t for t in tensors]
    values = to_tensors(*dense)
    if len(values) > 1 and _all_eager(values):
        return gen_array_ops.concat_v2(values, axis)
    return tf.concat(values, axis=axis)


def stack(x, axis=0):
    return tf.stack(to_tensors(*x), axis=axis)


def gather(reference, indices):
    reference, indices = to_tensor(reference), to_tensor(indices)
    if type(reference) is _EAGER and type(indices) is _EAGER and indices.dtype.is_integer:
        return gen_array_ops.gather_v2(reference, indices, _shape_constant(0))  # tf.gather's op
    return tf.gather(reference, indices)


# --- products -------------------------------------------------------------------------------


def dot(x, y):
    """Keras 2's dot is NumPy's: x's last axis with y's second to last (its only axis if 1D)."""
    if isinstance(x, tf.SparseTensor):
        return tf.sparse.sparse_dense_matmul(x, to_tensor(y, x.dtype))
    x, y = to_tensors(x, y)
    if x.shape.rank == 2 and y.shape.rank == 2:
        if type(x) is _EAGER and type(y) is _EAGER:
            return gen_math_ops.mat_mul(x, y)
        return tf.matmul(x, y)
    y_axis = 0 if y.shape.rank == 1 else y.shape.rank - 2
    return tf.tensordot(x, y, [[x.shape.rank - 1], [y_axis]])


def batch_dot(x, y, axes=None):
    """Per sample, contract x's axis axes[0] with y's axis axes[1]. The result has the batch
    axis, x's other axes, then y's other axes; two 2D inputs give shape (batch, 1)."""
    x, y = to_tensors(x, y)
    x_rank, y_rank = x.shape.rank, y.shape.rank
    if x_rank < 2 or y_rank < 2:
        raise ValueError(
            "batch_dot(): both inputs need at least 2 axes (batch first), got ranks %d and %d."
            % (x_rank, y_rank)
        )
    x_axis, y_axis = _batch_dot_axes(axes, x_rank, y_rank)
    _check_contracted_sizes(x, y, x_axis, y_axis)
    if x_rank == 3 and y_rank == 3:  # one batched matrix product, transposed as needed
        if type(x) is _EAGER and not x.dtype.is_complex:
            return gen_math_ops.batch_mat_mul_v2(x, y, adj_x=x_axis == 1, adj_y=y_axis == 2)
        return tf.linalg.matmul(x, y, transpose_a=x_axis == 1, transpose_b=y_axis == 2)
    x_moved = _move_axis(x, x_axis, x_rank - 1)  # (batch, x_rest..., n)
    y_moved = _move_axis(y, y_axis, 1)  # (batch, n, y_rest...)
    x_shape, y_shape = shape_list(x_moved), shape_list(y_moved)
    x_rest, y_rest = x_shape[1:-1], y_shape[2:]
    x_flat = tf.reshape(x_moved, [x_shape[0], _product(x_rest), x_shape[-1]])
    y_flat = tf.reshape(y_moved, [y_shape[0], y_shape[1], _product(y_rest)])
    result_shape = [x_shape[0]] + x_rest + y_rest
    if x_rank == 2 and y_rank == 2:
        result_shape.append(1)
    return tf.reshape(tf.matmul(x_flat, y_flat), result_shape)


def _batch_dot_axes(axes, x_rank, y_rank):
    if axes is None:
        axes = (x_rank - 1, y_rank - 1 if y_rank == 2 else y_rank - 2)
    elif isinstance(axes, (int, np.integer)):
        axes = (axes, axes)
    if len(axes) != 2:
        raise ValueError(
            "batch_dot(): axes must be one integer or a pair (axis of x, axis of y), got %r."
            % (axes,)
        )
    x_axis, y_axis = int(axes[0]) % x_rank, int(axes[1]) % y_rank
    if x_axis == 0 or y_axis == 0:
        raise ValueError(
            "batch_dot(): axis 0 is the batch axis and cannot be contracted, got axes %r. "
            "Pick axes >= 1." % (tuple(axes),)
        )
    return x_axis, y_axis


def _check_contracted_sizes(x, y, x_axis, y_axis):
    x_size, y_size = x.shape[x_axis], y.shape[y_axis]
    if x_size is not None and y_size is not None and x_size != y_size:
        raise ValueError(
            "batch_dot(): the contracted axes must have the same size, got %d (x axis %d, "
            "shape %s) and %d (y axis %d, shape %s)."
            % (x_size, x_axis, x.shape, y_size, y_axis, y.shape)
        )


def _move_axis(x, source, destination):
    order = [a for a in range(x.shape.rank) if a != source]
    order.insert(destination, source)
    return x if order == list(range(x.shape.rank)) else tf.transpose(x, order)


def _product(dims):
    """Product of a shape_list slice: a Python int when all static, else a tensor."""
    result = 1
    for d in dims:
        result = result * d
    return result
