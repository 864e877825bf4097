"""Known divergences of the cntk engine from Keras 2.3.1 (strict xfails, with reasons)."""

from ._keras_theano import _TEST, SHAPE_INT32
from ._keras_theano import DIVERGENCES as _KERAS_THEANO

DIVERGENCES = dict(_KERAS_THEANO)
DIVERGENCES[_TEST % "shape-3d"] = SHAPE_INT32
