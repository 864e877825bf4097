"""Known divergences of the cntk engine from Keras 2.3.1 (strict xfails, with reasons)."""

from ._keras_theano import _TEST
from ._keras_theano import DIVERGENCES as _KERAS_THEANO

DIVERGENCES = dict(_KERAS_THEANO)
DIVERGENCES.update(
    {
        _TEST % "shape-3d": (
            "shape() is int32 on CNTK (kerasbridge's CNTK engine, as its TensorFlow engine); "
            "Keras 2.3.1's Theano backend gives int64"
        ),
    }
)
