"""CNTK tensors as the engine keeps them: conversions, the Keras dtype of each tensor (CNTK
stores only floating point), static shapes, and the sparse and shape(x) bookkeeping.

Private to the CNTK engine: its public functions are in core, math, nn, rnn, random and ctc.
"""

from typing import Tuple

import numpy as np

from .. import common
from ._cntk import FREE, C

LOGICAL_DTYPES = {}  # type: Dict[str, str]  # variable uid -> Keras dtype, where not the storage

FLOAT_DTYPES = ("float16", "float32", "float64")

TENSOR_TYPES = (C.cntk_py.Variable, C.cntk_py.Function)  # Parameter and Constant included


def is_cntk_tensor(x) -> bool:
    return isinstance(x, TENSOR_TYPES)


def int_shape_of(x):
    if not is_cntk_tensor(x):
        return np.shape(x)
    return tuple(None if size < 0 else size for size in as_variable(x).shape)


def as_variable(x):
    """The CNTK Variable of a tensor (a Function stands for its single output)."""
    return x.output if isinstance(x, C.cntk_py.Function) else x


def storage_dtype(dtype: str) -> type:
    """The float type CNTK stores a Keras dtype in: floats as themselves, the rest as floatx."""
    if dtype in FLOAT_DTYPES:
        return np.dtype(dtype).type
    if common.floatx() == "float64":
        return np.float64
    return np.float32


def keras_dtype_of(dtype) -> str:
    name = np.dtype(dtype).name if dtype is not None else common.floatx()
    return name


def mark_dtype(x, dtype: str):
    """Record the Keras dtype of tensor x when it differs from the stored float type."""
    variable = as_variable(x)
    if dtype != np.dtype(variable.dtype).name:
        LOGICAL_DTYPES[variable.uid] = dtype
    else:
        LOGICAL_DTYPES.pop(variable.uid, None)
    return x


def dtype_of(x):
    """The Keras dtype of x (also reachable where a parameter named dtype hides ``dtype``)."""
    if not is_cntk_tensor(x):
        return np.asarray(x).dtype.name
    variable = as_variable(x)
    return LOGICAL_DTYPES.get(variable.uid, np.dtype(variable.dtype).name)


def is_float(x) -> bool:
    return dtype_of(x) in FLOAT_DTYPES


def contiguous(value, dtype=None):
    """An array CNTK takes without a strided copy and its warning (0-d stays 0-d)."""
    array = np.asarray(value, dtype=dtype)
    return np.ascontiguousarray(array) if array.ndim else array


def to_tensor(x, like=None):
    """x as a CNTK tensor; arrays and numbers become constants in the dtype of ``like``."""
    if is_cntk_tensor(x):
        return x
    value = contiguous(x)
    if like is not None:
        return C.constant(value.astype(as_variable(like).dtype))
    keras_dtype = common.floatx() if value.dtype.kind in "fc" else value.dtype.name
    return mark_dtype(C.constant(value.astype(storage_dtype(keras_dtype))), keras_dtype)


def to_pair(x, y):
    """Two operands as tensors of one float type (CNTK refuses mixed float32/float64)."""
    if is_cntk_tensor(x) and is_cntk_tensor(y):
        if as_variable(x).dtype != as_variable(y).dtype:
            y = C.cast(y, as_variable(x).dtype)
        return x, y
    if is_cntk_tensor(x):
        return x, to_tensor(y, like=x)
    if is_cntk_tensor(y):
        return to_tensor(x, like=y), y
    return to_tensor(x), to_tensor(y)


def unpack_batch(x, batch_size):
    """CNTK's unpack_batch (batch axis back to a static first axis), keeping a known size."""
    result = C.unpack_batch(x)
    if batch_size is not None:
        result = C.reshape(result, (batch_size,), begin_axis=0, end_axis=1)
    return result


def cntk_shape(shape) -> Tuple[int, ...]:
    return tuple(FREE if size is None else int(size) for size in shape)


def static_shape(x):
    """CNTK's shape of x (free dimensions as negative sizes)."""
    return tuple(as_variable(x).shape)


def dtype_name(dtype) -> str:
    return np.dtype(dtype).name


# CNTK's sparse storage exists only for inputs along dynamic axes, which this engine keeps
# static. Sparse placeholders and variables are therefore stored densely and remembered as
# sparse: they accept SciPy sparse matrices and report is_sparse() like Keras 2.
SPARSE = set()  # type: set


def mark_sparse(x):
    SPARSE.add(as_variable(x).uid)


def dense_array(value):
    return value.toarray() if hasattr(value, "toarray") else value


SHAPE_SOURCES = {}  # type: Dict[str, Any]  # uid of a shape(x) result -> x


def shape_source(shape_tensor):
    """The tensor whose K.shape() this is, or None."""
    return SHAPE_SOURCES.get(as_variable(shape_tensor).uid)
