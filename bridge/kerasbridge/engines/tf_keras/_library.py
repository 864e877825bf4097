"""tf_keras's backend, imported once TensorFlow is in graph mode.

Decision: implementation "tensorflow" disables eager execution when it loads. It is
TensorFlow's own Keras 2 backend, and its Keras 2 semantics (placeholders that are graph
tensors, ``gradients`` of them, ``function(..., updates=...)`` run by a session) exist only in
graph mode: in eager mode tf_keras's ``placeholder`` returns KerasTensors, and ``gradients`` and
``function`` with updates fail on them. Users who choose this implementation opt into
TensorFlow 1 style execution for the whole process; implementation "keras" is the one that
mixes with eager TensorFlow 2 code.

The namespace used is tf_keras's v1 backend (``tf.compat.v1.keras.backend``): the Keras 2
backend as graph-mode programs see it, the one with ``get_session`` and ``set_session``.
"""

# Importing TensorFlow and tf_keras reads keras.json; the loader turns their asserts on it into
# a clear ConfigError.
import tensorflow as tf
from tf_keras.api._v1.keras import backend as tfk  # noqa: F401  (used by the adapters)

from .. import keras_shape


def _use_graph_mode() -> None:
    # Eager tensors and variables made before this point cannot be mixed with the graph
    # afterwards: TensorFlow refuses to capture them ("Attempting to capture an EagerTensor").
    if tf.executing_eagerly():
        tf.compat.v1.disable_eager_execution()


_use_graph_mode()
keras_shape.install((tf.Tensor, tf.Variable), tfk.int_shape)
