"""Tensors, variables, compiled functions, gradients, shapes and the learning phase."""

import builtins
import contextlib

import jax
import jax.numpy as jnp
import numpy as np
from jax.experimental import sparse

from .. import common, keras_shape
from ..arithmetic import NameScopes
from . import _graph as G
from ._function import Function, feed_pairs, flatten_updates, is_update_pair
from ._values import to_array, to_float

_builtin_slice = builtins.slice  # this module defines K.slice


# --- conversions -------------------------------------------------------------------------------


def is_value(x):
    """A jax array (also a tracer) or a symbolic tensor of this engine."""
    return isinstance(x, (jax.Array, G.Tensor))


def normalize_axis(axis, ndim):
    axis = int(axis)
    return axis + ndim if axis < 0 else axis


def normalize_axes(axis, ndim):
    """None, an int or a list of ints, as None or a sorted tuple of non-negative axes."""
    if axis is None:
        return None
    axes = [axis] if np.ndim(axis) == 0 else list(axis)
    return tuple(sorted({normalize_axis(a, ndim) for a in axes}))


# --- names -------------------------------------------------------------------------------------

_SCOPES = NameScopes()


def name_scope(name):
    return _SCOPES.scope(name)


# --- creation ----------------------------------------------------------------------------------


def backend():
    return "jax"


def placeholder(shape=None, ndim=None, dtype=None, sparse=False, name=None):
    dtype = np.dtype(dtype or common.floatx()).name
    if shape is None and ndim is None:
        raise ValueError(
            "placeholder(): give shape (a list of sizes, None where unknown) or ndim; got "
            "neither. E.g. placeholder(shape = list(NULL, 3L))."
        )
    shape = tuple(shape) if shape is not None else (None,) * int(ndim)
    return G.Placeholder(shape, dtype, _SCOPES.name_for(name, "placeholder"), sparse=bool(sparse))


def _dense_array(value):
    if hasattr(value, "toarray"):  # a SciPy sparse matrix
        return value.toarray()
    return value


def variable(value, dtype=None, name=None, constraint=None):
    sparse = hasattr(value, "tocsr")
    if G._is_tensor(value):
        value = G.evaluate_now(value)
    array = np.array(_dense_array(value), dtype=dtype or common.floatx())
    return G.Variable(jnp.asarray(array), _SCOPES.name_for(name, "variable"), constraint, sparse)


def constant(value, dtype=None, shape=None, name=None):
    if G._is_tensor(value):
        value = G.evaluate_now(value)
    array = np.asarray(value, dtype=dtype or common.floatx())
    if shape is not None:
        array = np.broadcast_to(array, tuple(shape))
    return jnp.asarray(array)


def zeros(shape, dtype=None, name=None):
    return variable(np.zeros(tuple(shape)), dtype, name)


def ones(shape, dtype=None, name=None):
    return variable(np.ones(tuple(shape)), dtype, name)


def eye(size, dtype=None, name=None):
    rows, columns = (size, size) if np.ndim(size) == 0 else tuple(size)
    return variable(np.eye(rows, columns), dtype, name)


@G.op
def zeros_like(x, dtype=None, name=None):
    return jnp.zeros_like(to_array(x), dtype=dtype)


@G.op
def ones_like(x, dtype=None, name=None):
    return jnp.ones_like(to_array(x), dtype=dtype)


@G.op
def identity(x, name=None):
    return jnp.asarray(to_array(x))


@G.op
def cast(x, dtype):
    return to_array(x).astype(np.dtype(dtype))


# --- inspection --------------------------------------------------------------------------------


def is_sparse(tensor):
    return isinstance(tensor, sparse.BCOO) or bool(getattr(tensor, "sparse", False))


def to_dense(tensor):
    # Sparse placeholders and variables hold dense values here (a fed SciPy matrix is
    # densified), so the dense tensor is the tensor itself; eager sparse values are BCOO.
    if isinstance(tensor, sparse.BCOO):
        return tensor.todense()
    return tensor


def int_shape(x):
    if G._is_tensor(x):
        return tuple(x.shape)
    return tuple(int(d) for d in np.shape(x))


def shape(x):
    result = _shape(x)
    if isinstance(result, G.Node):
        result.shape_of = x
    return result


@G.op
def _shape(x):
    return jnp.asarray(to_array(x).shape, dtype="int32")


def ndim(x):
    return len(x.shape) if G._is_tensor(x) else np.ndim(x)


def dtype(x):
    if G._is_tensor(x):
        return x.dtype
    return np.dtype(getattr(x, "dtype", None) or np.asarray(x).dtype).name


def count_params(x):
    return int(np.prod(int_shape(x)))


# --- values ------------------------------------------------------------------------------------


def get_value(x):
    if not isinstance(x, G.Variable):
        raise TypeError(
            "get_value() expects a variable (from K.variable), got %s. Use K.eval() for "
            "other tensors." % type(x).__name__
        )
    return np.array(x.value)


def set_value(x, value):
    if not isinstance(x, G.Variable):
        raise TypeError(
            "set_value() expects a variable (from K.variable), got %s." % type(x).__name__
        )
    x.assign(np.asarray(_dense_array(value), dtype=x.dtype))


def batch_get_value(ops):
    return [eval(x) for x in ops]


def batch_set_value(tuples):
    for x, value in tuples:
        set_value(x, value)


def eval(x):
    if isinstance(x, G.Variable):
        return np.array(x.value)
    if G._is_tensor(x):
        value = np.asarray(G.evaluate_now(x))
        return x.finish(value) if getattr(x, "finish", None) else value
    if isinstance(x, sparse.BCOO):
        return np.asarray(x.todense())
    return np.asarray(x)


# --- updates -----------------------------------------------------------------------------------


def update(x, new_x):
    return _assign(x, new_x)


def update_add(x, increment):
    return _assign(x, x + increment)


def update_sub(x, decrement):
    return _assign(x, x - decrement)


def moving_average_update(x, value, momentum):
    return _assign(x, x * momentum + value * (1.0 - momentum))


def _assign(x, new_value):
    """A (variable, new value) pair for K.function when the value needs placeholders;
    otherwise done at once (eager-style use) and the variable returned."""
    if not isinstance(x, G.Variable):
        raise TypeError("update(): x must be a variable (from K.variable), got %r." % (x,))
    if any(isinstance(t, G.Placeholder) for t in G.leaves_of(new_value)):
        return (x, new_value)
    x.assign(G.evaluate_now(new_value))
    return x


# --- compiled functions ------------------------------------------------------------------------

_FUNCTION_OPTIONS = ()


def function(inputs, outputs, updates=None, name=None, **kwargs):
    unknown = sorted(set(kwargs) - set(_FUNCTION_OPTIONS))
    if unknown:
        raise ValueError(
            "function(): unexpected argument(s) %s; the jax engine accepts none besides "
            "inputs, outputs, updates and name." % ", ".join(unknown)
        )
    if not isinstance(inputs, (list, tuple)):
        raise TypeError("function(): inputs must be a list of placeholders, got %r." % (inputs,))
    return Function(list(inputs), outputs, flatten_updates(updates), _phase.symbol)


def gradients(loss, variables):
    listed = list(variables) if isinstance(variables, (list, tuple)) else [variables]
    targets = [v for v in listed if G._is_tensor(v)]
    if not G._is_tensor(loss) or not targets:
        return [
            jnp.zeros_like(to_array(v)) if not G._is_tensor(v) else zeros_like(v) for v in listed
        ]
    leaves = G.leaves_of([loss])
    grads = G.record(_gradient_function(loss, targets, leaves), (leaves, targets), {}, "gradients")
    by_id = dict(zip([id(t) for t in targets], grads))
    return [by_id[id(v)] if G._is_tensor(v) else jnp.zeros_like(to_array(v)) for v in listed]


def _gradient_function(loss, targets, leaves):
    def gradient(leaf_values, target_values):
        base = {id(t): v for t, v in zip(leaves, leaf_values)}

        def value(substituted):
            env = dict(base)
            env.update({id(t): v for t, v in zip(targets, substituted)})
            return G.evaluate(loss, env)

        floats = [jnp.issubdtype(v.dtype, jnp.inexact) for v in target_values]
        points = [v if f else v.astype(common.floatx()) for v, f in zip(target_values, floats)]
        # The gradient of the sum of a non-scalar loss, as TensorFlow gives.
        primal, pullback = jax.vjp(value, points)
        (grads,) = pullback(jnp.ones_like(primal))
        G.share_value(loss, primal)  # K.function computes the loss once, here
        return [g if f else jnp.zeros_like(v) for g, v, f in zip(grads, target_values, floats)]

    gradient.computes_first = True
    return gradient


@G.op
def _stop(x):
    return jax.lax.stop_gradient(to_array(x))


def stop_gradient(variables):
    if isinstance(variables, (list, tuple)):
        return [_stop(v) for v in variables]
    return _stop(variables)


def print_tensor(x, message=""):
    if not G._is_tensor(x) or not any(isinstance(t, G.Placeholder) for t in G.leaves_of(x)):
        print("%s %s" % (message, eval(x)), flush=True)  # eager-style: a value prints at once
        return x
    return _printed(x, message)


@G.op
def _printed(x, message):
    x = to_array(x)
    jax.debug.callback(lambda value: print("%s %s" % (message, value), flush=True), x)
    return x


# --- sessions ----------------------------------------------------------------------------------


class Session:
    """Compatibility stand-in for a TF 1 session (JAX has none): run() evaluates tensors
    with feeds, given as a dict or as (placeholder, value) pairs."""

    def run(self, fetches, feed_dict=None):
        single = not isinstance(fetches, (list, tuple))
        items = [fetches] if single else list(fetches)
        pairs = feed_pairs(feed_dict)
        holders = [holder for holder, _ in pairs]
        values = [value for _, value in pairs]
        results = [
            Function(holders, item, [], _phase.symbol)(values) if G._is_tensor(item) else eval(item)
            for item in items
        ]
        return results[0] if single else results

    def close(self):
        """Nothing to release."""

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()


_session = {"current": Session()}


def get_session():
    return _session["current"]


def set_session(session):
    if not isinstance(session, Session):
        raise TypeError(
            "set_session(): the jax engine has no sessions of its own; only the compatibility "
            "session from K.get_session() is accepted, got %s." % type(session).__name__
        )
    _session["current"] = session


# --- learning phase ----------------------------------------------------------------------------


class _LearningPhase:
    """A symbolic scalar flag (0 test, 1 train) fed to functions, or a fixed value once set."""

    def __init__(self):
        self.symbol = G.Placeholder((), "uint8", "keras_learning_phase")
        self.value = None

    def default(self, tensor):
        if tensor is self.symbol:
            return jnp.asarray(0, dtype="uint8")
        return None


_phase = _LearningPhase()
G._phase_hooks.append(_phase.default)


def learning_phase():
    return _phase.symbol if _phase.value is None else _phase.value


def set_learning_phase(value):
    if value not in (0, 1) or isinstance(value, float):
        raise ValueError(
            "set_learning_phase(): value must be 0 (test) or 1 (train), got %r." % (value,)
        )
    _phase.value = int(value)


def _chosen(x):
    return G.resolve(x()) if callable(x) else x


def in_train_phase(x, alt, training=None):
    if training is None:
        training = learning_phase()
    if not is_value(training):
        if training in (0, 1):
            return _chosen(x) if training else _chosen(alt)
        raise ValueError(
            "in_train_phase(): training must be 0, 1, TRUE, FALSE or a symbolic flag, got %r."
            % (training,)
        )
    return switch(training, x, alt)


def in_test_phase(x, alt, training=None):
    return in_train_phase(alt, x, training=training)


def switch(condition, then_expression, else_expression):
    if not is_value(condition) and np.ndim(condition) == 0:
        return _chosen(then_expression if condition else else_expression)
    return _switch(condition, then_expression, else_expression)


@G.op(callables=True)
def _switch(condition, then_expression, else_expression):
    condition = to_array(condition)
    then_value = to_float(_chosen(then_expression))
    else_value = to_float(_chosen(else_expression))
    if condition.ndim == 0:
        return jax.lax.cond(
            condition.astype(bool), lambda: then_value, lambda: else_value.astype(then_value.dtype)
        )
    target = builtins.max(then_value.ndim, else_value.ndim)
    if condition.ndim < target:
        condition = condition.reshape(condition.shape + (1,) * (target - condition.ndim))
    return jnp.where(condition.astype(bool), then_value, else_value)


def clear_session():
    common.reset_uids()
    _phase.value = None


# --- Keras 2.3.1's remaining core functions ----------------------------------------------------


def is_tensor(x):
    return is_value(x)


def is_variable(x):
    return isinstance(x, G.Variable)


def is_placeholder(x):
    return isinstance(x, G.Placeholder) and x is not _phase.symbol


def is_keras_tensor(x):
    if not is_value(x):
        raise ValueError(
            "is_keras_tensor(): x must be a tensor or variable, got %s (%s). Ask is_tensor(x) "
            "first for values that may not be tensors." % (repr(x)[:60], type(x).__name__)
        )
    return hasattr(x, "_keras_history")  # set by Keras layers only; K functions never do


def get_variable_shape(x):
    return int_shape(x)


@contextlib.contextmanager
def control_dependencies(control_inputs):
    # The tensors recorded inside take the control inputs along: K.function computes them
    # (an update pair is applied) whenever it computes those tensors. Eager inputs have run.
    symbolic = [
        item for item in control_inputs or () if G._is_tensor(item) or (is_update_pair(item))
    ]
    G.CONTROLS.append(symbolic)
    try:
        yield
    finally:
        G.CONTROLS.pop()


@G.op
def size(x, name=None):
    return jnp.asarray(to_array(x).size, dtype="int32")


def slice(x, start, size):
    rank = ndim(x)
    if not is_value(start) and not is_value(size) and not len(start) == len(size) == rank:
        raise ValueError(
            "slice(): start and size must have one entry per axis of x (%d), got start %r "
            "and size %r." % (rank, tuple(start), tuple(size))
        )
    return _slice(x, tuple(start), tuple(size))


@G.op
def _slice(x, start, size):
    x = to_array(x)
    sizes = [x.shape[a] - start[a] if size[a] == -1 else size[a] for a in range(x.ndim)]
    return jax.lax.dynamic_slice(x, [jnp.asarray(s, "int32") for s in start], sizes)


def repeat(x, n):
    if ndim(x) != 2:
        raise ValueError(
            "repeat(): x must be a 2D tensor (samples, dim), got %d axes. Use "
            "repeat_elements() or tile() for other ranks." % ndim(x)
        )
    return _repeat(x, n)


@G.op
def _repeat(x, n):
    return jnp.repeat(to_array(x)[:, None, :], n, axis=1)


def unstack(x, axis=0, num=None, name=None):
    rank = ndim(x)
    axis = normalize_axis(axis, rank)
    count = int_shape(x)[axis] if num is None else num
    if count is None:
        raise ValueError(
            "unstack(): the size of axis %d of x is not known statically (shape %s); give "
            "it as num." % (axis, int_shape(x))
        )
    before = (_builtin_slice(None),) * axis
    x = x if G._is_tensor(x) else to_array(x)
    return [x[before + (index,)] for index in range(count)]


def pattern_broadcast(x, broadcastable):
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


# Symbolic tensors and concrete arrays (jax's array class) both carry Keras 2.3.1's attribute.
keras_shape.install((G.Tensor, type(jnp.zeros(()))), int_shape)
