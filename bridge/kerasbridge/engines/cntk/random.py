"""Random tensors and random variables on CNTK.

Random tensors are CNTK sampling nodes: each evaluation draws again. CNTK has no truncated
normal; it is drawn here by redrawing out-of-range values a fixed number of times (after eight
redraws a value is still out of range with probability about 1e-12; the last clip handles it).
Random *variables* are drawn once with NumPy, seeded, like Keras 2.
"""

import numpy as np

from . import _function, _tensors, core
from ._cntk import C

_AUTO_SEED = C.ops.SentinelValueForAutoSelectRandomSeed
_TRUNCATION_REDRAWS = 8


def _seed(seed):
    return _AUTO_SEED if seed is None else int(seed)


def _storage(dtype):
    keras_dtype = _tensors.dtype_name(dtype) if dtype is not None else core.common.floatx()
    return _tensors.storage_dtype(keras_dtype), keras_dtype


def _drawer(shape, dtype, draw, draw_like):
    """A function(seed, **options) drawing a tensor of ``shape``: a static shape, or a shape
    tensor K.shape(x) of a tensor with unknown dimensions (then drawn like x)."""
    storage, keras_dtype = _storage(dtype)
    if not core.is_tensor(shape):
        return (
            lambda seed, **options: draw(tuple(shape), dtype=storage, seed=_seed(seed), **options)
        ), keras_dtype
    source = _tensors.shape_source(shape)
    if source is None:
        if _function.needs_feeds(shape):
            raise ValueError(
                "random functions on the CNTK engine take a static shape or K.shape(x), got a "
                "shape tensor computed otherwise. Pass K.shape(x) of a tensor of that shape."
            )
        static = tuple(int(size) for size in core.eval(shape))
        return _drawer(static, dtype, draw, draw_like)
    like = source if _tensors.as_variable(source).dtype == storage else C.cast(source, storage)
    return (lambda seed, **options: draw_like(like, seed=_seed(seed), **options)), keras_dtype


def random_uniform(shape, minval=0.0, maxval=1.0, dtype=None, seed=None):
    draw, keras_dtype = _drawer(shape, dtype, C.random.uniform, C.random.uniform_like)
    return _tensors.mark_dtype(draw(seed, low=float(minval), high=float(maxval)), keras_dtype)


def random_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    draw, keras_dtype = _drawer(shape, dtype, C.random.normal, C.random.normal_like)
    return _tensors.mark_dtype(draw(seed, mean=float(mean), scale=float(stddev)), keras_dtype)


def random_binomial(shape, p=0.0, dtype=None, seed=None):
    draw, keras_dtype = _drawer(shape, dtype, C.random.bernoulli, C.random.bernoulli_like)
    return _tensors.mark_dtype(draw(seed, mean=float(p)), keras_dtype)


def random_bernoulli(shape, p=0.0, dtype=None, seed=None):
    return random_binomial(shape, p, dtype, seed)


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    draw, keras_dtype = _drawer(shape, dtype, C.random.normal, C.random.normal_like)
    standard = draw(seed)
    for redraw in range(_TRUNCATION_REDRAWS):
        again = draw(None if seed is None else int(seed) + redraw + 1)
        standard = C.element_select(C.greater(C.abs(standard), 2.0), again, standard)
    standard = C.clip(standard, -2.0, 2.0)
    return _tensors.mark_dtype(standard * float(stddev) + float(mean), keras_dtype)


def uniform_like(x, seed=None):
    return C.random.uniform_like(x, seed=_seed(seed))


def _generator(seed):
    return np.random.RandomState(seed if seed is not None else np.random.randint(10**8))


def random_uniform_variable(shape, low, high, dtype=None, name=None, seed=None):
    values = _generator(seed).uniform(low, high, size=tuple(shape))
    return core.variable(values, dtype=dtype, name=name)


def random_normal_variable(shape, mean, scale, dtype=None, name=None, seed=None):
    values = _generator(seed).normal(mean, scale, size=tuple(shape))
    return core.variable(values, dtype=dtype, name=name)
