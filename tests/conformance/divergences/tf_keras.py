"""Known divergences of implementation "tensorflow" (TensorFlow's tf_keras, run in graph mode)
from the conformance suite. Each is tf_keras's own Keras 2 behaviour, kept on purpose: this
implementation exposes TensorFlow's backend as it is, adapting it only where it breaks the spec.
"""

_GRAPH_MODE = (
    "graph mode (see engines/tf_keras/_library.py) has no eager values: a K.constant is a graph "
    "tensor, so %s when it is evaluated (K.eval, a K.function call), as in Keras 2 on "
    "TensorFlow 1"
)
_UPDATE = _GRAPH_MODE % "an update runs"
_MESSAGE = "tf_keras raises its own ValueError for this, worded differently: %s"

DIVERGENCES = {
    "test_core.py::test_print_tensor_of_value_prints_at_once": _GRAPH_MODE % "printing happens",
    "test_core.py::test_eager_updates_apply_at_once[update]": _UPDATE,
    "test_core.py::test_eager_updates_apply_at_once[update_add]": _UPDATE,
    "test_core.py::test_eager_updates_apply_at_once[update_sub]": _UPDATE,
    "test_function.py::test_update_already_applied_eagerly_is_refused_by_function": _UPDATE
    + "; no update is applied before a call, so none is refused",
    "test_nn.py::test_binary_crossentropy_clips_certain_mistakes": (
        "tf_keras 2.21 clips to [eps, 1 - eps] and then adds eps inside the log, so a certain "
        "mistake costs -log(2 eps) = 15.4 instead of -log(eps) = 16.1 (4% lower); other values "
        "agree with the reference"
    ),
    "test_nn.py::test_normalize_batch_in_training[4D-axes=[0, 1, 2]]": (
        "for 4D input normalized over all axes but the channels, tf_keras uses the fused batch "
        "norm kernel, which returns the unbiased (n / (n - 1)) batch variance that Keras 2's "
        "BatchNormalization feeds to its moving variance; the normalized output is the same"
    ),
    "test_nn.py::test_crossentropy_refuses_an_axis_outside_the_output"
    "[categorical_crossentropy]": _MESSAGE % "'Invalid reduction dimension 5 for input with 2 "
    "dimensions'",
    "test_nn.py::test_crossentropy_refuses_an_axis_outside_the_output"
    "[sparse_categorical_crossentropy]": _MESSAGE % "'`labels.shape` must equal "
    "`logits.shape` except for the last dimension'",
    "test_rnn.py::test_rnn_refuses_inputs_without_time_dimension": _MESSAGE % "'Shape (3, 2) "
    "must have rank at least 3'",
}
