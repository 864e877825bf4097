"""Where Keras 2.3.1's Theano backend departs from Keras 2.3.1's other backends, and kerasbridge
gives the other backends' result on every engine. Shared by the per-engine files (the oracle is
Keras 2.3.1's theano_backend for every engine: see ../conftest.py)."""

_TEST = "test_keras_2_3_1.py::test_matches_keras_2_3_1[%s]"

_SAME_PADDING = (
    "'same' padding with strides or an even kernel: Keras 2.3.1's Theano backend pads "
    "kernel // 2 on both sides (Theano's border_mode='half') and crops, which shifts the "
    "windows; kerasbridge pads as Keras 2.3.1's TensorFlow backend does on every engine "
    "(the odd pixel at the end)"
)
_BATCH_STATISTICS = (
    "normalize_batch_in_training: Keras 2.3.1's Theano backend returns var + epsilon (it "
    "inverts Theano's 1 / sqrt(var + epsilon)) and keeps the reduced axes of mean and var "
    "unless they are the leading ones; kerasbridge returns the batch mean and variance over "
    "the non-reduced axes on every engine, as Keras 2.3.1's TensorFlow backend does "
    "(tf.nn.moments)"
)
_CTC_DTYPE = (
    "ctc_batch_cost: Keras 2.3.1's Theano backend returns float64 (its smoothing divides by an "
    "int64 length); kerasbridge returns floatx on every engine (the values and the shape "
    "(1, samples) are Keras 2.3.1's Theano backend's on the theano engine)"
)
# Not shared by theano and pytensor, which give Keras 2.3.1's Theano backend's result.
CTC_SHAPE = (
    "ctc_batch_cost: Keras 2.3.1's Theano backend returns -log(input_length * P(label)) with "
    "probabilities smoothed by 1e-4, in shape (1, samples) and float64; this engine returns "
    "Keras 2.3.1's TensorFlow and CNTK result, -log P(label) in shape (samples, 1), in floatx "
    "(kerasbridge's theano engine returns the Theano backend's)"
)
_RNN_SQUEEZE = (
    "rnn with no states: Keras 2.3.1's Theano backend squeezes the outputs (T.squeeze drops "
    "the step's axes of size 1); kerasbridge keeps the step's shape, as Keras 2.3.1's "
    "TensorFlow and CNTK backends do"
)

# Not from the Theano backend's quirks: used by the engines whose shape() is int32.
SHAPE_INT32 = (
    "shape() is int32 on TensorFlow, tf_keras and CNTK, as in Keras 2.3.1's TensorFlow backend "
    "(tf.shape); Keras 2.3.1's Theano backend (and kerasbridge's theano engine) give int64"
)
_SIZE_DTYPE = (
    "size: Keras 2.3.1's Theano backend counts by summing ones_like(x), a float32; kerasbridge "
    "returns an int32 count on every engine, as Keras 2.3.1's TensorFlow backend does (tf.size)"
)

DIVERGENCES = {
    _TEST % "conv2d-same_strides2": _SAME_PADDING,
    _TEST % "conv3d-channels_first_same": _SAME_PADDING,
    _TEST % "conv2d_transpose-same_strides2": _SAME_PADDING,
    _TEST % "pool2d-max_same": _SAME_PADDING,
    _TEST % "pool2d-avg_same": _SAME_PADDING,
    _TEST % "normalize_batch_in_training-2d": _BATCH_STATISTICS,
    _TEST % "normalize_batch_in_training-4d_channels_last": _BATCH_STATISTICS,
    _TEST % "normalize_batch_in_training-4d_channels_first": _BATCH_STATISTICS,
    _TEST % "ctc_batch_cost-batch2": _CTC_DTYPE,
    _TEST % "ctc_batch_cost-batch3_full": _CTC_DTYPE,
    _TEST % "rnn-no_states": _RNN_SQUEEZE,
    _TEST % "size-3d": _SIZE_DTYPE,
}
