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

import os

from ...errors import ConfigError


def _import_reading_keras_json():
    # TensorFlow (through its bundled tensorflow.python.keras) and tf_keras each read
    # keras.json at import and assert on what they find; values that kerasbridge accepts and
    # normalises (" Float64", "1e-7" as a string) fail those asserts with a bare AssertionError.
    try:
        import tensorflow
        from tf_keras.api._v1.keras import backend
    except AssertionError as error:
        raise ConfigError(
            "TensorFlow and tf_keras could not read %s: they need floatx and image_data_format "
            "in lower case and epsilon as a JSON number (kerasbridge accepts more). Write the "
            'values as "floatx": "float32", "epsilon": 1e-07, "image_data_format": '
            '"channels_last".' % _keras_json_tensorflow_reads()
        ) from error
    return tensorflow, backend


def _use_graph_mode() -> None:
    # Eager tensors and variables made before this point cannot be mixed with the graph
    # afterwards: TensorFlow refuses to capture them ("Attempting to capture an EagerTensor").
    if tf.executing_eagerly():
        tf.compat.v1.disable_eager_execution()


def _keras_json_tensorflow_reads() -> str:
    folder = os.environ.get("KERAS_HOME") or os.path.join(os.path.expanduser("~"), ".keras")
    return os.path.join(folder, "keras.json")


tf, tfk = _import_reading_keras_json()
_use_graph_mode()

