"""Known divergences of the theano engine on Theano 1.0.5 from Keras 2.3.1 (strict xfails)."""

from ._keras_theano import DIVERGENCES as _KERAS_THEANO

DIVERGENCES = dict(_KERAS_THEANO)
