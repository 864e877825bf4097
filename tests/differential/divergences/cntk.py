"""Known divergences of the cntk engine from Keras 2.3.1 (strict xfails, with reasons)."""

from ._keras_theano import _TEST, CTC_SHAPE, SHAPE_INT32
from ._keras_theano import DIVERGENCES as _KERAS_THEANO

DIVERGENCES = dict(_KERAS_THEANO)
DIVERGENCES[_TEST % "shape-3d"] = SHAPE_INT32
DIVERGENCES[_TEST % "ctc_batch_cost-batch2"] = CTC_SHAPE
DIVERGENCES[_TEST % "ctc_batch_cost-batch3_full"] = CTC_SHAPE
