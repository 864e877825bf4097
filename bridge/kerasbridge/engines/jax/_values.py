"""Conversions of the values engine functions receive (jax arrays, tracers, NumPy, Python)."""

import jax
import jax.numpy as jnp
import numpy as np

from .. import common

_PYTHON_NUMBERS = (int, float)


def is_array(x):
    return isinstance(x, jax.Array)


def default_dtype(x):
    """NumPy values keep their dtype; Python floats (and lists of them) become floatx and
    Python ints int32, as TensorFlow converts them."""
    if isinstance(x, (np.ndarray, np.generic)):
        return x.dtype
    kind = np.asarray(x).dtype.kind
    if kind == "f":
        return np.dtype(common.floatx())
    if kind in "iu":
        return np.dtype("int32")
    return None


def to_array(x, dtype=None):
    """x as a jax array; cast when dtype is given and differs."""
    if isinstance(x, jax.Array):
        return x if dtype is None or x.dtype == np.dtype(dtype) else x.astype(dtype)
    if dtype is None:
        dtype = default_dtype(x)
    value = np.asarray(x, dtype=dtype)
    if value.dtype == object:
        raise TypeError("expected a tensor or an array of numbers, got %r." % (x,))
    return jnp.asarray(value)


def to_float(x):
    """Like to_array, but integer and bool NumPy values become floatx too (as Keras does)."""
    if isinstance(x, jax.Array):
        return x
    value = np.asarray(x)
    if value.dtype.kind in "fiub":
        return jnp.asarray(value, dtype=common.floatx())
    return jnp.asarray(value)


def to_arrays(*values):
    """Convert several operands together: a non-array takes the dtype of the first array, so
    K.maximum(x, 0.5) or an R array next to a float32 variable just works."""
    reference = next((v for v in values if isinstance(v, jax.Array)), None)
    dtype = None if reference is None else reference.dtype
    return [v if isinstance(v, jax.Array) else to_array(v, dtype) for v in values]


def operands(x, y):
    """The operands of an element-wise op: a Python number next to an array is left to jnp
    (weakly typed, it takes the array's dtype)."""
    if isinstance(x, jax.Array) and (type(y) in _PYTHON_NUMBERS or isinstance(y, jax.Array)):
        return x, y
    if isinstance(y, jax.Array) and type(x) in _PYTHON_NUMBERS:
        return x, y
    return tuple(to_arrays(x, y))


def floatx():
    return common.floatx()
