"""Variables, placeholders, values, updates, functions, gradients, learning phase, control flow.

Plain TensorFlow code: __init__.py runs each function inside the graph when an argument is
symbolic (see _graph.py), so eager inputs give values at once and placeholders give tensors.
"""

import contextlib
from typing import Any, List, Optional, Tuple

import numpy as np
import tensorflow as tf
from tensorflow.python.ops import gen_math_ops

from .. import keras_shape
from ..common import floatx
from . import _function, _graph
from ._variables import KerasVariable

_EAGER_TENSOR = type(tf.constant(0))

# Functions that must not be moved into the graph by __init__.py: they build or read the
# graph themselves (placeholder, eval, function...) or only look at metadata.
RUNS_AS_IS = frozenset(
    [
        "backend",
        "placeholder",
        "variable",
        "eval",
        "get_value",
        "batch_get_value",
        "set_value",
        "batch_set_value",
        "function",
        "learning_phase",
        "set_learning_phase",
        "clear_session",
        "get_session",
        "set_session",
        "name_scope",
        "int_shape",
        "ndim",
        "dtype",
        "is_sparse",
        "count_params",
        "zeros",
        "ones",
        "eye",
        "gradients",
    ]
)
# Functions taking callables that may close over placeholders (see _graph).
TAKES_CALLABLES = frozenset(["switch", "in_train_phase", "in_test_phase"])


def backend() -> str:
    return "tensorflow"


# --- creating tensors ----------------------------------------------------------------------


def _float_dtype(dtype) -> tf.DType:
    return tf.as_dtype(dtype or floatx())


def variable(value, dtype=None, name=None, constraint=None):
    if hasattr(value, "tocoo"):  # a scipy.sparse matrix: Keras 2 returns a sparse tensor
        return _sparse_from_scipy(value, _float_dtype(dtype))
    if _graph.is_symbolic(value):
        raise ValueError(
            "variable(): value must be an array or an eager tensor, got the symbolic tensor "
            "%s. A variable holds a concrete value; compute it first, e.g. with K.function."
            % value.name
        )
    dtype = _float_dtype(dtype)
    initial = (
        tf.cast(value, dtype)
        if isinstance(value, (tf.Tensor, tf.Variable))
        else np.asarray(value, dtype=dtype.as_numpy_dtype)
    )
    with tf.init_scope():  # variables always live outside any graph (captured when used)
        return KerasVariable(initial, dtype=dtype, name=name, constraint=constraint)


def _sparse_from_scipy(matrix, dtype: tf.DType) -> tf.SparseTensor:
    coo = matrix.tocoo()
    indices = np.stack([coo.row, coo.col], axis=1).astype(np.int64)
    return tf.SparseTensor(indices, tf.constant(coo.data, dtype=dtype), coo.shape)


def constant(value, dtype=None, shape=None, name=None):
    return tf.constant(value, dtype=_float_dtype(dtype), shape=shape, name=name)


def placeholder(shape=None, ndim=None, dtype=None, sparse=False, name=None):
    dtype = _float_dtype(dtype)
    if shape is None and ndim is not None:
        shape = (None,) * ndim
    with _graph.graph().as_default():
        if sparse:
            return tf.compat.v1.sparse_placeholder(dtype, shape=shape, name=name)
        return tf.compat.v1.placeholder(dtype, shape=shape, name=name)


def is_sparse(tensor) -> bool:
    return isinstance(tensor, tf.SparseTensor)


def to_dense(tensor):
    if is_sparse(tensor):
        return tf.sparse.to_dense(tensor)
    return tensor


def zeros(shape, dtype=None, name=None):
    dtype = _float_dtype(dtype)
    return variable(np.zeros(shape, dtype.as_numpy_dtype), dtype, name)


def ones(shape, dtype=None, name=None):
    dtype = _float_dtype(dtype)
    return variable(np.ones(shape, dtype.as_numpy_dtype), dtype, name)


def eye(size, dtype=None, name=None):
    rows, columns = (size, size) if isinstance(size, (int, np.integer)) else tuple(size)
    dtype = _float_dtype(dtype)
    return variable(np.eye(rows, columns, dtype=dtype.as_numpy_dtype), dtype, name)


def zeros_like(x, dtype=None, name=None):
    return tf.zeros_like(x, dtype=dtype, name=name)


def ones_like(x, dtype=None, name=None):
    return tf.ones_like(x, dtype=dtype, name=name)


def identity(x, name=None):
    return tf.identity(x, name=name)


def cast(x, dtype):
    if type(x) is _EAGER_TENSOR:  # tf.cast's own op, without its Python (bench/eager_ops.py)
        dtype = tf.as_dtype(dtype)
        if x.dtype == dtype:
            return x
        if not x.dtype.is_complex:
            return gen_math_ops.cast(x, dtype)
    return tf.cast(x, dtype)


# --- values --------------------------------------------------------------------------------


def eval(x) -> np.ndarray:
    if is_sparse(x):
        x = _graph.call_aware(tf.sparse.to_dense, x)
    if isinstance(x, tf.Variable) or _graph.is_eager_tensor(x):
        return x.numpy()
    if _graph.is_symbolic(x):
        return _function.evaluate_symbolic(x)
    return np.asarray(x)


def get_value(x) -> np.ndarray:
    return eval(x)


def batch_get_value(ops) -> List[np.ndarray]:
    return [get_value(x) for x in ops]


def set_value(x, value) -> None:
    _require_variable("set_value", x)
    x.assign(np.asarray(value, dtype=x.dtype.as_numpy_dtype))


def batch_set_value(tuples) -> None:
    for x, value in tuples:
        set_value(x, value)


def _require_variable(function_name: str, x) -> None:
    if not isinstance(x, tf.Variable):
        raise TypeError(
            "%s(): x must be a variable (from K.variable(), K.zeros()...), got %s. Only "
            "variables hold state that can be set." % (function_name, _describe(x))
        )


def _describe(x) -> str:
    if isinstance(x, tf.Tensor):
        return "the tensor %s" % (x.name if _graph.is_symbolic(x) else "of shape %s" % x.shape)
    return "%s (%s)" % (repr(x)[:60], type(x).__name__)


# --- shapes and types ----------------------------------------------------------------------


def int_shape(x) -> Optional[Tuple[Optional[int], ...]]:
    shape = getattr(x, "shape", None)
    if shape is None:
        return tuple(np.shape(x))
    if isinstance(shape, tf.TensorShape):
        return None if shape.rank is None else tuple(shape.as_list())
    return tuple(shape)


def ndim(x) -> Optional[int]:
    shape = int_shape(x)
    return None if shape is None else len(shape)


def dtype(x) -> str:
    kind = getattr(x, "dtype", None)
    if isinstance(kind, tf.DType):
        return kind.base_dtype.name
    return np.asarray(x).dtype.name if kind is None else np.dtype(kind).name


def shape(x):
    if is_sparse(x):
        return x.dense_shape
    return tf.shape(x)


def count_params(x) -> int:
    known = int_shape(x)
    if known is None or None in known:
        raise ValueError(
            "count_params(): x must have a fully known shape, got shape %s. Count the "
            "parameters of variables, whose shapes are known." % (known,)
        )
    return int(np.prod(known, dtype=np.int64))


# --- printing, names, sessions -------------------------------------------------------------


def _print_value(message, value):
    # Keras 2.3.1's format: the message, a space, the value as NumPy prints it ("msg [[1.]]");
    # tf.print would write "msg [[1]]", from C++, past Python's sys.stdout.
    print("%s %s" % (message, value), flush=True)
    return np.bool_(True)


def print_tensor(x, message=""):
    if _graph.is_symbolic(x):
        printed = tf.numpy_function(
            lambda value: _print_value(message, value), [x], tf.bool, stateful=True
        )
        with tf.control_dependencies([printed]):
            return tf.identity(x)
    _print_value(message, np.asarray(x))
    return x


@contextlib.contextmanager
def name_scope(name):
    # Names both eager ops (tf.name_scope) and the ops built in the graph.
    with tf.name_scope(name) as scope, _graph.graph().name_scope(name):
        yield scope


class Session:
    """Compatibility stand-in for a TF 1 session: run() evaluates tensors with feeds.

    Graph tensors cannot be dict keys in TensorFlow 2, so feed_dict may also be a list of
    (placeholder, value) pairs.
    """

    def run(self, fetches, feed_dict=None) -> Any:
        single = not isinstance(fetches, (list, tuple))
        items = [fetches] if single else list(fetches)
        pairs = _function.feed_pairs(feed_dict)
        values = [self._run_one(item, pairs) for item in items]
        return values[0] if single else values

    @staticmethod
    def _run_one(item, pairs):
        if not _graph.is_symbolic(item) and not isinstance(item, tf.Operation):
            return eval(item)
        holders = [holder for holder, _ in pairs]
        values = [value for _, value in pairs]
        if isinstance(item, tf.Operation):
            _function.KerasFunction(holders, [], fetches=[item])(values)
            return None
        return _function.KerasFunction(holders, item)(values)

    def close(self) -> None:
        """Nothing to release: TensorFlow 2 has no session resources."""

    def __enter__(self):
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


_session = {"current": Session()}


def get_session() -> Session:
    return _session["current"]


def set_session(session) -> None:
    if not isinstance(session, Session):
        raise TypeError(
            "set_session(): expected a session from K.get_session(), got %s. TensorFlow 2 "
            "keeps no global session; configure TensorFlow itself (tf.config) instead."
            % type(session).__name__
        )
    _session["current"] = session


def clear_session() -> None:
    _graph.reset()


# --- updates -------------------------------------------------------------------------------


def update(x, new_x):
    return _assign("assign", x, new_x)


def update_add(x, increment):
    return _assign("assign_add", x, increment)


def update_sub(x, decrement):
    return _assign("assign_sub", x, decrement)


def moving_average_update(x, value, momentum):
    _require_variable("moving_average_update", x)
    return update(x, x * momentum + value * (1.0 - momentum))


def _assign(method: str, x, value):
    """Symbolic value: an assign op of the graph, run by K.function. Eager: done at once."""
    _require_variable(method.replace("assign", "update"), x)
    if not _graph.is_symbolic(value):
        getattr(x, method)(value)
        return x
    op = getattr(x, method)(value, read_value=False)
    _graph.owner_of(op.graph).updates[op] = (method, x, value)
    return op


# --- functions and gradients ---------------------------------------------------------------


def function(inputs, outputs, updates=None, name=None, **kwargs):
    unknown = sorted(set(kwargs) - {"fetches", "feed_dict"})
    if unknown:
        raise ValueError(
            "function(): unknown argument(s) %s; the TensorFlow engine accepts inputs, "
            "outputs, updates, name, fetches and feed_dict." % ", ".join(unknown)
        )
    return _function.KerasFunction(inputs, outputs, updates, name, **kwargs)


def gradients(loss, variables):
    loss = _graph.as_symbolic(loss)  # a loss computed eagerly from variables is replayed
    if not _graph.is_symbolic(loss):
        raise ValueError(
            "gradients(): loss must be a tensor computed by K functions from placeholders or "
            "variables, got %s, which holds no record of how it was computed. Build the loss "
            "with K functions from K.placeholder() inputs and K.variable() weights, or use "
            "tf.GradientTape for plain TensorFlow code." % _describe(loss)
        )
    with loss.graph.as_default():
        return tf.gradients(loss, variables)


def stop_gradient(variables):
    if isinstance(variables, (list, tuple)):
        return [tf.stop_gradient(v) for v in variables]
    return tf.stop_gradient(variables)


# --- learning phase ------------------------------------------------------------------------


def learning_phase():
    fixed = _graph.learning_phase_value()
    return _graph.learning_phase_flag() if fixed is None else fixed


def set_learning_phase(value) -> None:
    if value not in (0, 1) or isinstance(value, bool):
        raise ValueError(
            "set_learning_phase(): value must be 0 (test) or 1 (train), got %r." % (value,)
        )
    _graph.set_learning_phase_value(int(value))


def in_train_phase(x, alt, training=None):
    if training is None:
        training = _graph.learning_phase_value()
    if training is None:
        x, alt = _called(x), _called(alt)
        training = _graph.learning_phase_for(x, alt)
    if _is_python_flag(training):
        return _called(x) if training else _called(alt)
    return _graph.call_aware(switch, training, x, alt)


def in_test_phase(x, alt, training=None):
    return in_train_phase(alt, x, training=training)


def _is_python_flag(value) -> bool:
    return isinstance(value, (bool, int, np.bool_, np.integer))


def _called(value):
    return value() if callable(value) and not isinstance(value, (tf.Tensor, tf.Variable)) else value


def switch(condition, then_expression, else_expression):
    if (
        _is_python_flag(condition)
        or _graph.is_eager_tensor(condition)
        and condition.shape.rank == 0
    ):
        chosen = then_expression if bool(condition) else else_expression
        return _called(chosen)
    condition = tf.cast(condition, tf.bool)
    if condition.shape.rank == 0:
        return tf.cond(condition, _as_callable(then_expression), _as_callable(else_expression))
    then_value, else_value = _called(then_expression), _called(else_expression)
    return tf.where(_expand_to_rank(condition, then_value), then_value, else_value)


def _as_callable(value):
    if callable(value) and not isinstance(value, (tf.Tensor, tf.Variable)):
        return value
    return lambda: value


def _expand_to_rank(condition, expression):
    """Keras 2 aligns an element-wise condition with the leading axes of the expressions."""
    missing = expression.shape.rank - condition.shape.rank
    if missing < 0:
        raise ValueError(
            "switch(): the condition's rank (%d) must not exceed the rank of the expressions "
            "(%d)." % (condition.shape.rank, expression.shape.rank)
        )
    for _ in range(missing):
        condition = tf.expand_dims(condition, -1)
    return condition


# --- Keras 2.3.1's remaining core functions ------------------------------------------------

RUNS_AS_IS = RUNS_AS_IS | frozenset(
    [
        "control_dependencies",
        "get_variable_shape",
        "is_keras_tensor",
        "is_placeholder",
        "is_tensor",
        "is_variable",
    ]
)


def is_tensor(x) -> bool:
    return isinstance(x, (tf.Tensor, tf.Variable, tf.SparseTensor))


def is_variable(x) -> bool:
    return isinstance(x, tf.Variable)


def is_placeholder(x) -> bool:
    if isinstance(x, tf.SparseTensor):
        x = x.values
    return (
        _graph.is_symbolic(x)
        and getattr(x, "op", None) is not None
        and (x.op.type == "Placeholder")
    )


def is_keras_tensor(x) -> bool:
    if not is_tensor(x):
        raise ValueError(
            "is_keras_tensor(): x must be a tensor or variable, got %s. Ask is_tensor(x) "
            "first for values that may not be tensors." % _describe(x)
        )
    return hasattr(x, "_keras_history")  # set by Keras layers only; K functions never do


def get_variable_shape(x) -> Optional[Tuple[Optional[int], ...]]:
    return int_shape(x)


def control_dependencies(control_inputs):
    if control_inputs is None:
        return _graph.graph().control_dependencies(None)
    symbolic_inputs = [
        item
        for item in control_inputs
        if isinstance(item, tf.Operation) or _graph.is_symbolic(item)
    ]
    if not symbolic_inputs:
        return contextlib.nullcontext()  # eager inputs have already run
    return symbolic_inputs[0].graph.control_dependencies(symbolic_inputs)


def size(x, name=None):
    return tf.size(x, out_type=tf.int32, name=name)


def slice(x, start, size):
    x = tf.convert_to_tensor(x)
    rank = x.shape.rank
    if not tf.is_tensor(start) and not tf.is_tensor(size):
        if rank is not None and not len(start) == len(size) == rank:
            raise ValueError(
                "slice(): start and size must have one entry per axis of x (%d), got start %r "
                "and size %r." % (rank, tuple(start), tuple(size))
            )
    return tf.slice(x, start, size)


def repeat(x, n):
    x = tf.convert_to_tensor(x)
    if x.shape.rank != 2:
        raise ValueError(
            "repeat(): x must be a 2D tensor (samples, dim), got shape %s. Use "
            "repeat_elements() or tile() for other ranks." % (x.shape,)
        )
    return tf.tile(tf.expand_dims(x, 1), [1, n, 1])


def unstack(x, axis=0, num=None, name=None):
    return tf.unstack(x, num=num, axis=axis, name=name or "unstack")


def pattern_broadcast(x, broadcastable):
    x = tf.convert_to_tensor(x)
    flags = list(broadcastable)
    known = int_shape(x)
    if known is not None and len(flags) != len(known):
        raise ValueError(
            "pattern_broadcast(): broadcastable must have one flag per axis of x (%d), got %r."
            % (len(known), flags)
        )
    for axis, flag in enumerate(flags):
        if flag and known is not None and known[axis] not in (None, 1):
            raise ValueError(
                "pattern_broadcast(): axis %d of x is flagged broadcastable but has size %d; "
                "only axes of size 1 can broadcast." % (axis, known[axis])
            )
    return x


keras_shape.install((tf.Tensor, tf.Variable), int_shape)
