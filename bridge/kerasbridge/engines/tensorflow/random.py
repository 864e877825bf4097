"""Random tensors. A seed gives the same values at every eager call (stateless ops); inside a
graph a seeded op draws a reproducible sequence, new numbers at each call of a K.function,
as in Keras 2. Unseeded draws differ at every call."""

import tensorflow as tf

from ..common import floatx
from .core import variable

# Eager draws are recorded so that a K.function using them draws anew at each call.
RECORDS_ALWAYS = frozenset(
    ["random_normal", "random_uniform", "random_binomial", "truncated_normal"]
)


def _dtype(dtype) -> tf.DType:
    return tf.as_dtype(dtype or floatx())


def _stateless_seed(seed: int) -> tf.Tensor:
    return tf.constant([seed, 0], dtype=tf.int64)


def _seeded_eagerly(seed) -> bool:
    return seed is not None and tf.executing_eagerly()


def random_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    dtype = _dtype(dtype)
    if _seeded_eagerly(seed):
        return tf.random.stateless_normal(shape, _stateless_seed(seed), mean, stddev, dtype)
    return tf.random.normal(shape, mean, stddev, dtype, seed=seed)


def random_uniform(shape, minval=0.0, maxval=1.0, dtype=None, seed=None):
    dtype = _dtype(dtype)
    if _seeded_eagerly(seed):
        return tf.random.stateless_uniform(shape, _stateless_seed(seed), minval, maxval, dtype)
    return tf.random.uniform(shape, minval, maxval, dtype, seed=seed)


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    dtype = _dtype(dtype)
    if _seeded_eagerly(seed):
        return tf.random.stateless_truncated_normal(
            shape, _stateless_seed(seed), mean, stddev, dtype
        )
    return tf.random.truncated_normal(shape, mean, stddev, dtype, seed=seed)


def random_binomial(shape, p=0.0, dtype=None, seed=None):
    dtype = _dtype(dtype)
    draws = random_uniform(shape, 0.0, 1.0, dtype, seed)
    return tf.cast(draws < p, dtype)  # strictly below p: p = 0 gives only zeros


def random_bernoulli(shape, p=0.0, dtype=None, seed=None):
    return random_binomial(shape, p, dtype, seed)


RECORDS_ALWAYS = RECORDS_ALWAYS | frozenset(["random_bernoulli"])


def random_normal_variable(shape, mean, scale, dtype=None, name=None, seed=None):
    return variable(random_normal(shape, mean, scale, dtype, seed), dtype, name)


def random_uniform_variable(shape, low, high, dtype=None, name=None, seed=None):
    return variable(random_uniform(shape, low, high, dtype, seed), dtype, name)
