"""Tensors, variables, evaluation, functions, gradients and the learning phase on CNTK: the
public functions. How tensors are kept is in _tensors, how graphs are evaluated in _function.

The model of a tensor here: every tensor is *static*. A placeholder is a CNTK input without
dynamic axes whose None dimensions are CNTK "free dimensions", fixed when values are fed; so axis
numbers are numpy's and reductions over the batch axis are ordinary reductions. Operations that
CNTK only runs over its dynamic batch axis (convolution, pooling, per-sample maps) move the first
axis there with ``to_batch`` and back with ``unpack_batch``.

CNTK stores only floating point. Integer and boolean tensors are kept as floats and remembered
with their Keras dtype (``_tensors.LOGICAL_DTYPES``); values come back to Python in that dtype.
"""

import contextlib
import numbers

import numpy as np

from .. import common, keras_shape
from ..arithmetic import NameScopes
from ._cntk import C
from ._function import (
    GRADIENT_SOURCES,
    PHASE,
    Function,
    Graph,
    Session,
    as_function,
    assign_op,
    gradient_input,
    needs_feeds,
    to_python,
)
from ._tensors import (
    FLOAT_DTYPES,
    SHAPE_SOURCES,
    SPARSE,
    TENSOR_TYPES,
    as_variable,
    cntk_shape,
    contiguous,
    dense_array,
    dtype_name,
    dtype_of,
    int_shape_of,
    keras_dtype_of,
    mark_dtype,
    mark_sparse,
    static_shape,
    storage_dtype,
    to_pair,
    to_tensor,
)

# ---------------------------------------------------------------------------------------------
# Tensors and names

_NAME_SCOPES = NameScopes()


def is_tensor(x) -> bool:
    return isinstance(x, TENSOR_TYPES)


def dtype(x):
    return dtype_of(x)


def int_shape(x):
    return int_shape_of(x)


def ndim(x):
    return len(int_shape(x))


def count_params(x):
    shape = int_shape(x)
    if None in shape:
        raise ValueError(
            "count_params() needs a tensor of known shape, got shape %s. Call it on a variable."
            % (shape,)
        )
    return int(np.prod(shape, dtype=np.int64))


def backend():
    return "cntk"


def _scoped(name, default):
    # An empty name gets a default name too here (CNTK's own default name is "").
    return _NAME_SCOPES.name_for(name or None, default)


def name_scope(name):
    # CNTK has no scopes of its own: names of placeholders, variables and constants created
    # inside get the prefix "name/".
    return _NAME_SCOPES.scope(name)


# ---------------------------------------------------------------------------------------------
# Placeholders, variables, constants


def placeholder(shape=None, ndim=None, dtype=None, sparse=False, name=None):
    if shape is None:
        if ndim is None:
            raise ValueError(
                "placeholder() needs shape or ndim: CNTK inputs have a fixed rank. "
                "Pass shape=(None, 3) or ndim=2."
            )
        shape = (None,) * ndim
    keras_dtype = keras_dtype_of(dtype)
    result = C.input_variable(
        cntk_shape(shape),
        dtype=storage_dtype(keras_dtype),
        needs_gradient=True,
        dynamic_axes=[],
        name=_scoped(name, "placeholder"),
    )
    if sparse:
        mark_sparse(result)
    return mark_dtype(result, keras_dtype)


def _initial_value(value, dtype):
    if is_tensor(value):
        value = eval(value)
    array = contiguous(dense_array(value))
    keras_dtype = keras_dtype_of(dtype)  # floatx unless given, whatever the array holds (Keras 2)
    return array.astype(storage_dtype(keras_dtype)), keras_dtype


_CONSTRAINTS = {}  # type: Dict[str, Any]


def variable(value, dtype=None, name=None, constraint=None):
    array, keras_dtype = _initial_value(value, dtype)
    result = C.parameter(
        shape=array.shape, init=array, dtype=array.dtype, name=_scoped(name, "variable")
    )
    if hasattr(value, "toarray"):  # a SciPy sparse matrix
        mark_sparse(result)
    if constraint is not None:
        _CONSTRAINTS[result.uid] = constraint  # read by optimizers, as in Keras 2
    return mark_dtype(result, keras_dtype)


def constant(value, dtype=None, shape=None, name=None):
    array, keras_dtype = _initial_value(value, dtype)
    if shape is not None:
        array = (
            np.broadcast_to(array, tuple(shape)).copy()
            if array.size == 1
            else array.reshape(tuple(shape))
        )
    result = C.constant(array, dtype=array.dtype, name=_scoped(name, "constant"))
    return mark_dtype(result, keras_dtype)


def _filled_variable(fill, shape, dtype, name):
    keras_dtype = keras_dtype_of(dtype)
    return variable(fill(tuple(shape), dtype=storage_dtype(keras_dtype)), keras_dtype, name)


def zeros(shape, dtype=None, name=None):
    return _filled_variable(np.zeros, shape, dtype, name)


def ones(shape, dtype=None, name=None):
    return _filled_variable(np.ones, shape, dtype, name)


def eye(size, dtype=None, name=None):
    rows, columns = (size, size) if isinstance(size, numbers.Integral) else tuple(size)
    keras_dtype = keras_dtype_of(dtype)
    return variable(np.eye(rows, columns), keras_dtype, name)


def _filled_like(make, x, dtype, name):
    x = to_tensor(x)
    keras_dtype = dtype_name(dtype) if dtype is not None else dtype_of(x)
    result = make(x, name=name or "")
    if np.dtype(as_variable(result).dtype) != np.dtype(storage_dtype(keras_dtype)):
        result = C.cast(result, storage_dtype(keras_dtype))
    return mark_dtype(result, keras_dtype)


def zeros_like(x, dtype=None, name=None):
    return _filled_like(C.zeros_like, x, dtype, name)


def ones_like(x, dtype=None, name=None):
    return _filled_like(C.ones_like, x, dtype, name)


def identity(x, name=None):
    x = to_tensor(x)
    return mark_dtype(C.alias(x, name=name or ""), dtype(x))


def cast(x, dtype):
    x = to_tensor(x)
    target = dtype_name(dtype)
    source = dtype_of(x)
    if target == "bool":
        result = C.not_equal(x, 0)
    elif target in FLOAT_DTYPES or source not in FLOAT_DTYPES:
        result = C.alias(x)  # a new node to carry the new dtype; floats below
    else:
        sign = C.greater(x, 0) - C.less(x, 0)
        result = sign * C.floor(C.abs(x))  # float -> int truncates toward zero
    storage = storage_dtype(target)
    if np.dtype(as_variable(result).dtype) != np.dtype(storage):
        result = C.cast(result, storage)
    return mark_dtype(result, target)


def is_sparse(tensor):
    return is_tensor(tensor) and as_variable(tensor).uid in SPARSE


def to_dense(tensor):
    if not is_tensor(tensor):
        return to_tensor(dense_array(tensor))
    return identity(tensor) if is_sparse(tensor) else tensor  # stored densely already


def shape(x):
    x = to_tensor(x)
    result = _shape(x)
    SHAPE_SOURCES[as_variable(result).uid] = x  # random_*(K.shape(x)) draws like x
    return result


def _shape(x):
    sizes = int_shape(x)
    if None not in sizes:
        return mark_dtype(C.constant(np.asarray(sizes, np.float32)), "int32")
    # A free dimension's size: take element 0 along every other axis, then count along it.
    parts = []
    for axis, size in enumerate(sizes):
        if size is not None:
            parts.append(C.constant(np.asarray([size], np.float32)))
            continue
        line = C.ones_like(x)
        for other in range(len(sizes)):
            if other != axis:
                line = C.slice(line, other, 0, 1)
        parts.append(C.reshape(C.reduce_sum(line), (1,)))
    return mark_dtype(C.splice(*parts, axis=0), "int32")


# ---------------------------------------------------------------------------------------------
# Learning phase


def learning_phase():
    return PHASE.symbol if PHASE.fixed is None else PHASE.fixed


def set_learning_phase(value):
    if value not in (0, 1) or isinstance(value, bool):
        raise ValueError(
            "set_learning_phase(): value must be 0 (test) or 1 (train), got %r. "
            "From R, write 0L or 1L." % (value,)
        )
    PHASE.fixed = int(value)


def _call_if_callable(x):
    return x() if callable(x) and not is_tensor(x) else x  # CNTK Functions are callable


def switch(condition, then_expression, else_expression):
    if not is_tensor(condition):
        return _call_if_callable(then_expression if condition else else_expression)
    then_value, else_value = to_pair(
        _call_if_callable(then_expression), _call_if_callable(else_expression)
    )
    condition = to_tensor(condition)
    rank, value_rank = ndim(condition), max(ndim(then_value), ndim(else_value))
    if 0 < rank < value_rank:
        # Keras aligns the condition's axes with the leading axes; CNTK broadcasts trailing ones.
        trailing = (1,) * (value_rank - rank)
        condition = C.reshape(condition, static_shape(condition) + trailing)
    result = C.element_select(condition, then_value, else_value)
    return mark_dtype(result, dtype(then_value))


def in_train_phase(x, alt, training=None):
    if training is None:
        training = learning_phase()
    if is_tensor(training):
        return switch(training, x, alt)
    return _call_if_callable(x if training else alt)


def in_test_phase(x, alt, training=None):
    return in_train_phase(alt, x, training=training)


# ---------------------------------------------------------------------------------------------
# Gradients: inputs standing for d(loss)/d(variable), filled by a backward pass at evaluation


def gradients(loss, variables):
    loss_function = as_function(to_tensor(loss))
    if any(a.uid in GRADIENT_SOURCES for a in loss_function.arguments):
        raise ValueError(
            "gradients(): this loss is computed from another gradients() result, and CNTK "
            "computes gradients only as backward passes, not as graph operations: gradients of "
            "gradients are not available on the CNTK engine. Use first-order gradients, or the "
            "TensorFlow engine for higher orders."
        )
    single = not isinstance(variables, (list, tuple))
    result = [
        gradient_input(loss_function, as_variable(v))
        for v in ([variables] if single else variables)
    ]
    return result[0] if single else result


def stop_gradient(variables):
    if isinstance(variables, (list, tuple)):
        return [stop_gradient(v) for v in variables]
    x = to_tensor(variables)
    return mark_dtype(C.stop_gradient(x), dtype(x))


# ---------------------------------------------------------------------------------------------
# Evaluation


def eval(x):
    if not is_tensor(x):
        return np.asarray(x)
    variable = as_variable(x)
    if variable.is_parameter or variable.is_constant:
        return to_python(variable.value, dtype(x))
    return Graph([x]).run({}, "K.eval()")[0]


def get_value(x):
    return eval(x)


def batch_get_value(ops):
    return [get_value(x) for x in ops]


def set_value(x, value):
    variable = as_variable(x)
    if not variable.is_parameter:
        raise TypeError(
            "set_value() needs a variable (made by K.variable, K.zeros...), got %r. "
            "Create the value with K.variable() to be able to set it." % (x,)
        )
    array = np.asarray(value, dtype=variable.dtype)
    expected = tuple(variable.shape)
    if array.shape != expected:
        if array.size != int(np.prod(expected)):
            raise ValueError(
                "set_value(): the variable %r has shape %s, got a value of shape %s. "
                "Pass an array of the variable's shape." % (variable.name, expected, array.shape)
            )
        array = array.reshape(expected)
    variable.value = array


def batch_set_value(tuples):
    for x, value in tuples:
        set_value(x, value)


# ---------------------------------------------------------------------------------------------
# Updates and functions


def update(x, new_x):
    assign = assign_op(x, new_x)
    if not needs_feeds(assign):  # eager, like Keras 2 on TensorFlow 2: done at once
        assign.eval()
        return x
    return assign


def update_add(x, increment):
    return update(x, C.plus(x, to_tensor(increment, like=x)))


def update_sub(x, decrement):
    return update(x, C.minus(x, to_tensor(decrement, like=x)))


def moving_average_update(x, value, momentum):
    x_tensor, value = to_pair(x, value)
    momentum = float(momentum) if not is_tensor(momentum) else momentum
    return update(x, x_tensor * momentum + value * (1.0 - momentum))


def function(inputs, outputs, updates=None, name=None, **kwargs):
    if kwargs:
        raise ValueError(
            "function(): unexpected argument(s) %s; the CNTK engine accepts inputs, outputs, "
            "updates and name." % ", ".join(sorted(kwargs))
        )
    return Function(list(inputs), outputs, updates)


# ---------------------------------------------------------------------------------------------
# Sessions (CNTK has none) and printing


_SESSION = {"current": Session()}


def get_session():
    return _SESSION["current"]


def set_session(session):
    if not isinstance(session, Session):
        raise TypeError(
            "set_session(): the CNTK engine has no sessions; it accepts only the object returned "
            "by K.get_session(), got %r." % (session,)
        )
    _SESSION["current"] = session


def clear_session():
    common.reset_uids()
    PHASE.reset()
    _SESSION["current"] = Session()


class _Printer(C.ops.functions.UserFunction):
    """Passes its input through, printing a message and the value at each forward pass."""

    def __init__(self, operand, message):
        super(_Printer, self).__init__([operand], name="print_tensor")
        self.message = message

    def forward(self, argument, device=None, outputs_to_retain=None):
        # Keras 2.3.1's format: the message, a space, the value as NumPy prints it.
        print("%s %s" % (self.message, np.asarray(argument)[0]))  # the one sample: the tensor
        return None, argument

    def backward(self, state, root_gradients):
        return root_gradients

    def infer_outputs(self):
        source = self.inputs[0]
        return [C.output_variable(source.shape, source.dtype, source.dynamic_axes)]


def print_tensor(x, message=""):
    # CNTK runs Python user functions only on tensors with a dynamic axis: the value goes
    # through the batch axis as one sample (a leading axis of 1) and comes back.
    x = to_tensor(x)
    one_sample = C.reshape(x, (1,), begin_axis=0, end_axis=0)
    printed = C.user_function(_Printer(C.to_batch(one_sample), message))
    result = C.reshape(C.unpack_batch(printed), as_variable(x).shape)
    if not needs_feeds(result):  # a value: print it now, as Keras 2 does eagerly
        result.eval()
        return x
    return mark_dtype(result, dtype(x))


# ---------------------------------------------------------------------------------------------
# Keras 2.3.1's remaining core functions


def is_variable(x):
    return isinstance(x, C.cntk_py.Variable) and as_variable(x).is_parameter


def is_placeholder(x):
    # A placeholder is a CNTK input; so are the learning phase and gradients() results.
    if not is_tensor(x):
        return False
    variable = as_variable(x)
    return (
        variable.is_input
        and variable.uid not in GRADIENT_SOURCES
        and variable.uid != as_variable(PHASE.symbol).uid
    )


def is_keras_tensor(x):
    if not is_tensor(x):
        raise ValueError(
            "is_keras_tensor(): x must be a tensor or variable, got %s (%s). Ask is_tensor(x) "
            "first for values that may not be tensors." % (repr(x)[:60], type(x).__name__)
        )
    return hasattr(x, "_keras_history")  # set by Keras layers only; K functions never do


def get_variable_shape(x):
    return int_shape(x)


@contextlib.contextmanager
def _no_dependencies():
    yield


def control_dependencies(control_inputs):
    # CNTK orders computations by data flow only (as in Keras 2.3.1's CNTK backend).
    return _no_dependencies()


def size(x, name=None):
    x = to_tensor(x)
    axes = list(range(ndim(x)))
    ones = C.ones_like(x)
    count = C.reduce_sum(ones, axis=axes, keepdims=False) if axes else ones
    return mark_dtype(C.reshape(count, ()), "int32")


def slice(x, start, size):
    x = to_tensor(x)
    rank = ndim(x)
    if not len(start) == len(size) == rank:
        raise ValueError(
            "slice(): start and size must have one entry per axis of x (%d), got start %r "
            "and size %r." % (rank, tuple(start), tuple(size))
        )
    result = x
    for axis, (begin, count) in enumerate(zip(start, size)):
        begin, count = int(begin), int(count)
        if begin == 0 and (count == -1 or count == int_shape(x)[axis]):
            continue  # the whole axis
        end = 0 if count == -1 else begin + count  # CNTK: an end of 0 is the axis's end
        result = C.slice(result, axis, begin, end)
    return mark_dtype(C.alias(result) if result is x else result, dtype(x))


def repeat(x, n):
    x = to_tensor(x)
    if ndim(x) != 2:
        raise ValueError(
            "repeat(): x must be a 2D tensor (samples, dim), got shape %s. Use "
            "repeat_elements() or tile() for other ranks." % (int_shape(x),)
        )
    if n == 0:
        raise ValueError(
            "repeat(): CNTK tensors cannot have an axis of size 0, got n = 0. Use n >= 1 on "
            "the CNTK engine."
        )
    row = C.reshape(x, (1,), begin_axis=1, end_axis=1)
    result = C.splice(*([row] * int(n)), axis=1) if n > 1 else row
    return mark_dtype(result, dtype(x))


def unstack(x, axis=0, num=None, name=None):
    x = to_tensor(x)
    rank = ndim(x)
    axis = axis + rank if axis < 0 else axis
    count = int_shape(x)[axis] if num is None else int(num)
    if count is None:
        raise ValueError(
            "unstack(): the size of axis %d of x is not known statically (shape %s); give "
            "it as num." % (axis, int_shape(x))
        )
    parts = []
    for index in range(count):
        part = C.slice(x, axis, index, index + 1)
        part = C.reshape(part, (), begin_axis=axis, end_axis=axis + 1)
        parts.append(mark_dtype(part, dtype(x)))
    return parts


def pattern_broadcast(x, broadcastable):
    x = to_tensor(x)
    flags = [bool(flag) for flag in broadcastable]
    known = int_shape(x)
    if len(flags) != len(known):
        raise ValueError(
            "pattern_broadcast(): broadcastable must have one flag per axis of x (%d), got %r."
            % (len(known), flags)
        )
    for axis, flag in enumerate(flags):
        if flag and known[axis] not in (None, 1):
            raise ValueError(
                "pattern_broadcast(): axis %d of x is flagged broadcastable but has size %d; "
                "only axes of size 1 can broadcast." % (axis, known[axis])
            )
    return x


keras_shape.install(TENSOR_TYPES, int_shape)
