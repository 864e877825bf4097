"""Random tensors (a seeded stream of the library per call) and random variables (NumPy)."""

import numpy as np

from .. import common
from . import _library as L
from .core import variable

T = L.T

# Beyond two standard deviations a truncated normal value is redrawn (as in TensorFlow):
# sampling the normal's inverse CDF on this range of probabilities gives the same law.
_TWO_SIGMA_CDF = 0.9772498680518208


def _seed(seed):
    return int(np.random.randint(10_000_000)) if seed is None else int(seed)


def _shape(shape):
    return tuple(shape) if isinstance(shape, (list, tuple)) else shape


def random_uniform(shape, minval=0.0, maxval=1.0, dtype=None, seed=None):
    dtype = dtype or common.floatx()
    return L.uniform(_seed(seed), _shape(shape), minval, maxval, dtype)


def random_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    dtype = dtype or common.floatx()
    return L.normal(_seed(seed), _shape(shape), mean, stddev, dtype)


def random_binomial(shape, p=0.0, dtype=None, seed=None):
    dtype = dtype or common.floatx()
    draws = L.uniform(_seed(seed), _shape(shape), 0.0, 1.0, common.floatx())
    return T.cast(T.lt(draws, p), dtype)


def random_bernoulli(shape, p=0.0, dtype=None, seed=None):
    return random_binomial(shape, p, dtype, seed)


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    dtype = dtype or common.floatx()
    low, high = 1.0 - _TWO_SIGMA_CDF, _TWO_SIGMA_CDF
    probabilities = L.uniform(_seed(seed), _shape(shape), low, high, "float64")
    standard = np.sqrt(2.0) * T.erfinv(2.0 * probabilities - 1.0)
    return T.cast(mean + stddev * standard, dtype)


def random_uniform_variable(shape, low, high, dtype=None, name=None, seed=None):
    values = np.random.RandomState(_seed(seed)).uniform(low, high, size=tuple(shape))
    return variable(values, dtype=dtype, name=name)


def random_normal_variable(shape, mean, scale, dtype=None, name=None, seed=None):
    values = np.random.RandomState(_seed(seed)).normal(mean, scale, size=tuple(shape))
    return variable(values, dtype=dtype, name=name)
