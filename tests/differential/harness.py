"""Runs one differential case on a backend module ``K``: Keras 2.3.1's or kerasbridge's.

The same code runs in the oracle's child process (CPython 3.11 with Theano, or CPython 3.6 with
CNTK) and in the pytest session of the engine under test, so both sides build, feed and read a
case the same way. Python 3.6-compatible; NumPy is its only import.

A case's inputs become placeholders (first dimension None unless the case is ``fixed``), the
case's ``call`` builds the symbolic result from them, ``int_shape`` is read from each symbolic
output, and a ``K.function`` (fed the learning phase when the case sets one) gives the values.
"""

import contextlib
import io
import sys

import numpy as np


def flatten(result):
    """Nested lists and tuples of outputs as one flat list."""
    if isinstance(result, (list, tuple)):
        flat = []
        for item in result:
            flat.extend(flatten(item))
        return flat
    return [result]


def _dtype_name(array, floatx):
    return floatx if array.dtype.kind == "f" else str(array.dtype)


def _placeholder(K, array, fixed, floatx):
    shape = list(array.shape)
    if shape and not fixed:
        shape[0] = None
    return K.placeholder(shape=tuple(shape), dtype=_dtype_name(array, floatx))


def _int_shape(K, tensor):
    try:
        shape = K.int_shape(tensor)
    except Exception:  # an oracle that cannot say: recorded as unknown
        return None
    if shape is None:
        return None
    return [None if d is None else int(d) for d in shape]


@contextlib.contextmanager
def _captured_stdout():
    """Python-level stdout captured (print_tensor's output), restored after."""
    saved, buffer = sys.stdout, io.StringIO()
    sys.stdout = buffer
    try:
        yield buffer
    finally:
        sys.stdout = saved


def run_case(K, case, flip_kernels=False):
    """Evaluates case on K: a dict with "outputs" (list of arrays), "int_shapes" and "stdout".

    Static cases (``case.static``) call K on placeholders and record a JSON value ("static").
    ``flip_kernels``: feed the case's convolution kernels flipped on their spatial axes (for
    Keras 2.3.1's Theano backend, which convolves where kerasbridge correlates).
    """
    floatx = K.floatx()
    arrays = [np.asarray(a) for a in case.inputs]
    if flip_kernels:
        for index, axes in case.kernels.items():
            arrays[index] = np.flip(arrays[index], axis=tuple(axes))
    arrays = [a.astype(floatx) if a.dtype.kind == "f" else a for a in arrays]
    holders = [_placeholder(K, a, case.fixed, floatx) for a in arrays]
    if case.static:
        value = case.call(K, *holders)
        return {"static": _jsonable(value)}
    result = case.call(K, *holders)
    updates, variables = [], []
    if case.updates:  # (outputs, updates, variables whose values are read after the call)
        result, updates, variables = result
    outputs = flatten(result)
    int_shapes = [_int_shape(K, t) for t in outputs] + [None] * len(variables)
    feeds = list(arrays)
    inputs = list(holders)
    if case.phase is not None:
        inputs.append(K.learning_phase())
        feeds.append(case.phase)
    function = K.function(inputs, outputs, updates=updates)
    with _captured_stdout() as printed:
        values = list(function(feeds))
    values += [K.get_value(v) for v in variables]
    return {
        "outputs": [np.asarray(v) for v in values],
        "int_shapes": int_shapes,
        "stdout": printed.getvalue(),
    }


def _jsonable(value):
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)
