"""Known divergences of the jax engine from Keras 2.3.1 (strict xfails, with reasons)."""

from ._keras_theano import _TEST, CTC_SHAPE
from ._keras_theano import DIVERGENCES as _KERAS_THEANO

SHAPE_INT32 = (
    "shape() is int32 on the jax engine, as on TensorFlow, tf_keras and CNTK and in Keras "
    "2.3.1's TensorFlow backend (tf.shape); Keras 2.3.1's Theano backend gives int64"
)

DIVERGENCES = dict(_KERAS_THEANO)
DIVERGENCES[_TEST % "shape-3d"] = SHAPE_INT32
DIVERGENCES[_TEST % "ctc_batch_cost-batch2"] = CTC_SHAPE
DIVERGENCES[_TEST % "ctc_batch_cost-batch3_full"] = CTC_SHAPE
