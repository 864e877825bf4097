"""K.function, updates and the session: tf_keras's own, with adapters where its behaviour
differs from the spec (each says why)."""

import weakref
from typing import Any, Callable, List

import numpy as np
import tensorflow as tf

from .. import common
from ._library import tfk

# Each update built by update/update_add/update_sub/moving_average_update, with a function
# that builds it again: function() rebuilds them to run after its outputs (see there).
_rebuild = weakref.WeakKeyDictionary()  # type: weakref.WeakKeyDictionary


def _remembered(built, rebuild: Callable[[], Any]):
    _rebuild[built] = rebuild
    return built


def update(x, new_x):
    return _remembered(tfk.update(x, new_x), lambda: tfk.update(x, new_x))


def update_add(x, increment):
    return _remembered(tfk.update_add(x, increment), lambda: tfk.update_add(x, increment))


def update_sub(x, decrement):
    return _remembered(tfk.update_sub(x, decrement), lambda: tfk.update_sub(x, decrement))


def moving_average_update(x, value, momentum):
    return _remembered(
        tfk.moving_average_update(x, value, momentum),
        lambda: tfk.moving_average_update(x, value, momentum),
    )


# --- function ------------------------------------------------------------------------------


def function(inputs, outputs, updates=None, name=None, **kwargs):
    # Adapted from tf_keras's function where it differs from the spec:
    # - Keras 2 order: outputs are computed with the values before the updates. tf_keras
    #   orders only the (variable, value) pairs it builds itself, after its first output;
    #   updates built earlier by K.update* are rebuilt here after every output.
    # - tf_keras fails on an empty output list, and on an output that is also an input
    #   (TensorFlow refuses to feed and fetch one tensor).
    # - A placeholder the outputs need but missing from inputs fails here, not at a call.
    inputs = list(inputs) if isinstance(inputs, (list, tuple)) else [inputs]
    single = not isinstance(outputs, (list, tuple))
    fetched = [_not_an_input(output, inputs) for output in ([outputs] if single else outputs)]
    with tf.control_dependencies(fetched):
        update_ops = [_update_op(u) for u in (updates or [])]
    _check_inputs_cover(inputs, fetched + update_ops)
    placeholder_output = [] if fetched else [tf.constant(0)]  # tf_keras needs one output
    compiled = tfk.function(
        inputs,
        fetched[0] if single else fetched + placeholder_output,
        updates=update_ops,
        name=name,
        **kwargs,
    )
    return _Function(compiled, inputs, len(fetched), single)


class _Function:
    """Takes the list of input values (nested lists and scipy sparse matrices included),
    returns the outputs as tf_keras computes them."""

    def __init__(self, compiled, inputs, output_count: int, single: bool) -> None:
        self.compiled, self.inputs = compiled, inputs
        self._output_count, self._single = output_count, single

    def __call__(self, values=None):
        values = _input_list(values, len(self.inputs))
        results = self.compiled([_as_input_value(v, p) for v, p in zip(values, self.inputs)])
        return results if self._single else results[: self._output_count]


def _input_list(values, expected: int) -> List[Any]:
    if values is None:
        values = []
    if not isinstance(values, (list, tuple)):
        values = [values]
    if len(values) != expected:
        raise ValueError(
            "function: expected %d input values (one per placeholder given as inputs), got "
            "%d. Call it with a list holding one value per input." % (expected, len(values))
        )
    return list(values)


def _as_input_value(value, placeholder):
    # tf_keras flattens the input values as nested structures: a nested list ([[1.0, 2.0]],
    # as R and quick scripts pass it) would come apart into scalars, and a sparse
    # placeholder takes a SparseTensorValue (it does not read scipy matrices).
    if hasattr(value, "tocoo") and isinstance(placeholder, tf.SparseTensor):
        coo = value.tocoo()
        indices = np.stack([coo.row, coo.col], axis=1).astype(np.int64)
        return tf.compat.v1.SparseTensorValue(indices, coo.data, np.array(coo.shape, np.int64))
    if isinstance(value, (list, tuple)):
        return np.asarray(value)
    return value


def _not_an_input(output, inputs):
    if any(output is holder for holder in inputs):
        return tf.identity(output)
    return output


def _update_op(update):
    if isinstance(update, (list, tuple)) and len(update) == 2:
        variable, value = update
        return tf.compat.v1.assign(variable, value)
    rebuild = _rebuild.get(update) if _is_hashable(update) else None
    return rebuild() if rebuild is not None else update


def _is_hashable(value) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def _check_inputs_cover(inputs, needed) -> None:
    missing = _placeholders_reached(needed) - _fed_ops(inputs)
    if missing:
        raise ValueError(
            "function(): the outputs or updates need the placeholders %s, which are not among "
            "the inputs. Add every placeholder the outputs depend on to `inputs`."
            % ", ".join(sorted(op.name for op in missing))
        )


def _fed_ops(inputs) -> set:
    fed = set()
    for holder in inputs:
        fed.update(_ops_of(holder))
    return fed


def _ops_of(value) -> list:
    if isinstance(value, tf.SparseTensor):
        return [value.indices.op, value.values.op, value.dense_shape.op]
    return [value if isinstance(value, tf.Operation) else getattr(value, "op", None)]


def _placeholders_reached(tensors) -> set:
    """The Placeholder ops that the given tensors or ops depend on (placeholders with a
    default, such as the learning phase, need no feed)."""
    pending = [op for value in tensors for op in _ops_of(value)]
    seen, found = set(), set()
    while pending:
        op = pending.pop()
        if not isinstance(op, tf.Operation) or op in seen:
            continue
        seen.add(op)
        if op.type == "Placeholder":
            found.add(op)
        pending.extend(tensor.op for tensor in op.inputs)
        pending.extend(op.control_inputs)
    return found


# --- session and variables -------------------------------------------------------------------


class Session:
    """tf_keras's session, whose run() also takes feeds as (placeholder, value) pairs (the
    spelling that works on every engine: TensorFlow 2 tensors cannot be dict keys there).
    Everything else is the TensorFlow session's own."""

    def __init__(self, session) -> None:
        self.session = session

    def run(self, fetches, feed_dict=None, options=None, run_metadata=None):
        if feed_dict is not None and not isinstance(feed_dict, dict):
            feed_dict = dict(feed_dict)
        return self.session.run(fetches, feed_dict, options, run_metadata)

    def __getattr__(self, name):
        return getattr(self.session, name)


def get_session():
    return Session(tfk.get_session())


def set_session(session):
    # tf_keras stores whatever it is given and fails later, far from the cause.
    if isinstance(session, Session):
        session = session.session
    if not isinstance(session, tf.compat.v1.Session):
        raise TypeError(
            "set_session(): session must be a TensorFlow session (tf.compat.v1.Session) or "
            "what K.get_session() returns, got %r (%s). Use K.get_session(), or build one with "
            "tf.compat.v1.Session()." % (session, type(session).__name__)
        )
    tfk.set_session(session)


def batch_get_value(ops):
    # tf_keras names the parameter ``tensors``; the spec (and callers' keywords) say ``ops``.
    return tfk.batch_get_value(ops)


def manual_variable_initialization(value):
    # The same bool check as every other engine (tf_keras takes anything), then tf_keras's
    # own flag, which its session reads when it initializes variables.
    common.manual_variable_initialization(value)
    tfk.manual_variable_initialization(bool(value))
