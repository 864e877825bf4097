"""Known divergences of the tensorflow engine from Keras 2.3.1 (strict xfails, with reasons)."""

from ._keras_theano import _TEST
from ._keras_theano import DIVERGENCES as _KERAS_THEANO

SHAPE_INT32 = (
    "shape() is int32 on TensorFlow (tf.shape, as in Keras 2.3.1's TensorFlow backend); "
    "Keras 2.3.1's Theano backend gives int64"
)

DIVERGENCES = dict(_KERAS_THEANO)
DIVERGENCES.update(
    {
        _TEST % "shape-3d": SHAPE_INT32,
    }
)
