"""Random tensors. Without a seed, a draw's key is folded from the engine's random state (a
leaf that K.function and eval advance) and a salt of its own; with one, from the seed and the
number of times the K.function has run (G.CALLS, 0 in eval). Either way each call of a
K.function draws new values, and with a seed the same sequence in every run of a program, as
Keras 2.3.1's seeded ops do on TensorFlow, Theano and CNTK. In the step of a loop traced once
(rnn without unroll, map_fn, foldl, foldr) the step's index is folded in too, so each step
draws anew, as in TensorFlow's while loops."""

import itertools

import jax
import numpy as np

from . import _graph as G
from ._values import floatx, to_array
from .core import variable

_salts = itertools.count(1)


def source_of(seed):
    """What a draw's key comes from: (the random state, a salt of its own) without a seed,
    (the call index, the seed) with one."""
    if seed is None:
        return (G.RANDOM, next(_salts), False)
    return (G.CALLS, int(seed), True)


def key_of(source):
    """The draw's key; inside a loop's step, with the step's index folded in."""
    state, number, seeded = source
    if seeded:
        key = jax.random.fold_in(jax.random.PRNGKey(number), state)
    else:
        key = jax.random.fold_in(state, number)
    for step in G.loop_steps():
        key = jax.random.fold_in(key, step)
    return key


def _draw(kind):
    def lifted(shape, a, b, dtype, seed):
        dtype = np.dtype(dtype or floatx()).name
        return _sample(kind, G.static_shape_argument(shape), a, b, dtype, source_of(seed))

    return lifted


@G.op
def _sample(kind, shape, a, b, dtype, source):
    key, sizes = key_of(source), G.sizes_of(shape)
    if kind == "normal":
        value = jax.random.normal(key, sizes, dtype)
        return value * to_array(b, dtype) + to_array(a, dtype)
    if kind == "uniform":
        return jax.random.uniform(key, sizes, dtype, to_array(a, dtype), to_array(b, dtype))
    if kind == "truncated":
        value = jax.random.truncated_normal(key, -2.0, 2.0, sizes, dtype)
        return value * to_array(b, dtype) + to_array(a, dtype)
    uniform = jax.random.uniform(key, sizes, "float32" if dtype == "float16" else dtype)
    return (uniform < to_array(a, uniform.dtype)).astype(dtype)


_normal, _uniform, _truncated, _binomial = (
    _draw(kind) for kind in ("normal", "uniform", "truncated", "binomial")
)


def random_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    return _normal(shape, mean, stddev, dtype, seed)


def random_uniform(shape, minval=0.0, maxval=1.0, dtype=None, seed=None):
    return _uniform(shape, minval, maxval, dtype, seed)


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    return _truncated(shape, mean, stddev, dtype, seed)


def random_binomial(shape, p=0.0, dtype=None, seed=None):
    return _binomial(shape, p, None, dtype, seed)


def random_bernoulli(shape, p=0.0, dtype=None, seed=None):
    return _binomial(shape, p, None, dtype, seed)


def _variable(value, dtype, name):
    return variable(G.evaluate_now(value), dtype=dtype, name=name)


def random_normal_variable(shape, mean, scale, dtype=None, name=None, seed=None):
    return _variable(random_normal(shape, mean, scale, dtype, seed), dtype, name)


def random_uniform_variable(shape, low, high, dtype=None, name=None, seed=None):
    return _variable(random_uniform(shape, low, high, dtype, seed), dtype, name)
