"""The variables K.variable() creates: TensorFlow resource variables whose Python operators
are K operations.

A plain tf.Variable's ``momentum * m`` runs eagerly and gives a constant, so a K.function
using it would apply a stale value forever. Here the result remembers it came from ``m``
(see _graph's recorded eager results) and is recomputed inside the graph, as in Keras 2
optimizer code (``m * momentum - lr * g``, ``iterations + 1``).
"""

import operator

import tensorflow as tf
from tensorflow.python.ops import resource_variable_ops

from . import _graph


def _binary(tf_op):
    run = _graph.symbolic_aware(lambda x, y: tf_op(x, y))
    return lambda self, other: run(self, other)


def _reflected(tf_op):
    run = _graph.symbolic_aware(lambda x, y: tf_op(y, x))
    return lambda self, other: run(self, other)


def _unary(tf_op):
    run = _graph.symbolic_aware(lambda x: tf_op(x))
    return lambda self: run(self)


class KerasVariable(resource_variable_ops.ResourceVariable):
    """A resource variable whose operators are recorded (replayed inside K.function)."""


_BINARY = {
    "add": tf.add,
    "sub": tf.subtract,
    "mul": tf.multiply,
    "truediv": tf.truediv,
    "floordiv": tf.math.floordiv,
    "mod": tf.math.floormod,
    "pow": tf.pow,
    "matmul": tf.matmul,
}
_COMPARISONS = {"lt": tf.less, "le": tf.less_equal, "gt": tf.greater, "ge": tf.greater_equal}


def _install_operators() -> None:
    for name, tf_op in _BINARY.items():
        setattr(KerasVariable, "__%s__" % name, _binary(tf_op))
        setattr(KerasVariable, "__r%s__" % name, _reflected(tf_op))
    for name, tf_op in _COMPARISONS.items():
        setattr(KerasVariable, "__%s__" % name, _binary(tf_op))
    KerasVariable.__neg__ = _unary(tf.negative)
    KerasVariable.__abs__ = _unary(tf.abs)
    KerasVariable.__getitem__ = _binary(lambda x, item: operator.getitem(tf.identity(x), item))


_install_operators()
_graph.register_variable_type(KerasVariable)
