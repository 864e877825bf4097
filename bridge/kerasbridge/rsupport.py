"""What the R package asks Python about backend tensors, for R's operators, math and indexing.

The R side registers S3 methods for the classes :func:`tensor_classes` names and calls the
functions below; everything is written once, from the backend's spec functions (``K.*``) and the
engines' own Python operators (``+ - * /``, which every engine's tensors have), so no engine needs
code of its own here. Where the spec lacks an operation R needs (floor, ceiling, ``%%``, ``%/%``,
``&``, ``|``, ``!``) it is composed from spec functions.

R values arrive through reticulate as Python numbers or numpy arrays; they take a dtype by R's
rules (logical < integer < double): the tensor's dtype when it is of that kind or wider, else int32
for R integers and floatx for R doubles.

Importing this module imports no engine: functions load the backend namespace when called.
"""

import importlib
import inspect
import operator
from typing import Any, List, Optional, Sequence, Tuple

import numpy as np

# Kinds in R's order of promotion: logical < integer < double.
_KIND_RANK = {"b": 0, "i": 1, "u": 1, "f": 2}
_ARITHMETIC = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv}
_COMPARISONS = {
    "==": "equal",
    "!=": "not_equal",
    "<": "less",
    ">": "greater",
    "<=": "less_equal",
    ">=": "greater_equal",
}
_ORDERING = ("<", ">", "<=", ">=")
_FLOAT_FUNCTIONS = ("sqrt", "exp", "log", "sin", "cos", "tanh")
_REDUCTIONS = {"sum": "sum", "prod": "prod", "max": "max", "min": "min", "any": "any", "all": "all"}
_GENERIC_MODULES = ("builtins", "typing", "abc")

_cache = {}  # type: dict


def _backend():
    return importlib.import_module("kerasbridge.backend")


# --- the engine's tensor classes -----------------------------------------------------------


def tensor_classes() -> List[str]:
    """The R class names (reticulate's ``module.Class``) of the engine's tensors and variables.

    Found from tensors the backend makes (placeholders, variables, constants, results of
    functions and of Python operators on each), plus the most specific class they all share
    (when it is the engine's own): asked from the engine, never listed by hand.
    """
    return sorted({_r_class_name(cls) for cls in _tensor_types()})


def is_tensor(x: Any) -> bool:
    return isinstance(x, _tensor_types())


def _tensor_types() -> Tuple[type, ...]:
    if "types" not in _cache:
        mros = [inspect.getmro(type(sample)) for sample in _samples(_backend())]
        found = [mro[0] for mro in mros]
        shared = [
            cls
            for cls in mros[0]
            if all(cls in mro for mro in mros[1:]) and cls.__module__ not in _GENERIC_MODULES
        ]
        found.extend(shared[:1])
        _cache["types"] = tuple(dict.fromkeys(found))
    return _cache["types"]


def _samples(K) -> list:
    placeholder = K.placeholder(shape=(None, 2))
    variable = K.variable(np.zeros((1, 2)))
    constant = K.constant(np.zeros((1, 2)))
    integers = K.cast(variable, "int32")
    samples = [placeholder, variable, constant, integers, K.greater(variable, 0.0)]
    samples += [K.abs(tensor) for tensor in (placeholder, variable, constant)]
    samples += [placeholder * 2.0, variable * 2.0, constant * 2.0]
    return samples


def _r_class_name(cls: type) -> str:
    module = "python.builtin" if cls.__module__ == "builtins" else cls.__module__
    return "%s.%s" % (module, cls.__name__)


# --- dtypes --------------------------------------------------------------------------------


def _kind(dtype: str) -> int:
    return _KIND_RANK.get(np.dtype(dtype).kind, 2)


def _is_float(dtype: str) -> bool:
    return np.dtype(dtype).kind == "f"


def _r_kind_dtype(kind: int, K) -> str:
    return ("bool", "int32", K.floatx())[kind]


def _dtype_with_value(K, tensor_dtype: str, value: np.ndarray) -> str:
    """The dtype of a tensor and an R value together, by R's promotion rules."""
    value_kind = _KIND_RANK.get(value.dtype.kind, 2)
    if _kind(tensor_dtype) >= value_kind:
        return tensor_dtype
    return _r_kind_dtype(value_kind, K)


def _dtype_of_pair(first: str, second: str) -> str:
    if first == second:
        return first
    if _kind(first) != _kind(second):
        return first if _kind(first) > _kind(second) else second
    return np.promote_types(first, second).name


def _as_tensor(K, x, dtype: str):
    """x (a tensor or an R value) as a tensor of dtype."""
    if is_tensor(x):
        return x if K.dtype(x) == dtype else K.cast(x, dtype)
    return K.constant(np.asarray(x), dtype=dtype)


def _operands(K, x, y) -> Tuple[Any, Any, str]:
    """Both operands as tensors of one dtype, at least one of them being a tensor."""
    if is_tensor(x) and is_tensor(y):
        dtype = _dtype_of_pair(K.dtype(x), K.dtype(y))
    elif is_tensor(x):
        dtype = _dtype_with_value(K, K.dtype(x), np.asarray(y))
    else:
        dtype = _dtype_with_value(K, K.dtype(y), np.asarray(x))
    return _as_tensor(K, x, dtype), _as_tensor(K, y, dtype), dtype


def _keep_dtype(K, result, dtype: str):
    """An engine operator may store a result in another dtype (CNTK keeps integers as floats
    and its Python operators forget the integer dtype): cast it back."""
    return result if K.dtype(result) == dtype else K.cast(result, dtype)


# --- R's operators -------------------------------------------------------------------------


def operate(op: str, x: Any, y: Any) -> Any:
    """R's binary operator ``op`` on x and y (tensors or R values, at least one a tensor)."""
    K = _backend()
    x, y, dtype = _operands(K, x, y)
    if op in _COMPARISONS:
        if dtype == "bool" and op in _ORDERING:
            x, y = K.cast(x, "int32"), K.cast(y, "int32")
        return getattr(K, _COMPARISONS[op])(x, y)
    if op in ("&", "|"):
        return _logical(K, op, x, y)
    if dtype == "bool":  # R: TRUE + TRUE is 2L
        x, y, dtype = K.cast(x, "int32"), K.cast(y, "int32"), "int32"
    if op in ("/", "^") and not _is_float(dtype):  # R: 5L / 2L is 2.5, 2L ^ 2L a double
        dtype = K.floatx()
        x, y = K.cast(x, dtype), K.cast(y, dtype)
    if op in _ARITHMETIC:
        return _keep_dtype(K, _ARITHMETIC[op](x, y), dtype)
    if op == "^":
        return _keep_dtype(K, K.pow(x, y), dtype)
    if op in ("%%", "%/%"):
        return _integer_division(K, op, x, y, dtype)
    raise ValueError(
        "operate(): unknown operator %r; expected one of + - * / ^ %%%% %%/%% == != < > <= >= & |"
        % (op,)
    )


def unary(op: str, x: Any) -> Any:
    """R's unary operator ``op`` (``-``, ``+`` or ``!``) on a tensor."""
    K = _backend()
    dtype = K.dtype(x)
    if op == "!":
        return K.equal(_as_tensor(K, x, K.floatx()), 0.0)
    if dtype == "bool":  # R: -TRUE is -1L
        x, dtype = K.cast(x, "int32"), "int32"
    if op == "+":
        return x
    if op == "-":
        return _keep_dtype(K, -x, dtype)
    raise ValueError("unary(): unknown operator %r; expected -, + or !" % (op,))


def _logical(K, op: str, x, y):
    # No logical_and / logical_or in the spec: truth values as 0/1 floats, then max or min.
    truth_x, truth_y = _truth(K, x), _truth(K, y)
    combined = K.minimum(truth_x, truth_y) if op == "&" else K.maximum(truth_x, truth_y)
    return K.greater(combined, 0.0)


def _truth(K, x):
    return K.cast(K.not_equal(_as_tensor(K, x, K.floatx()), 0.0), K.floatx())


def _integer_division(K, op: str, x, y, dtype: str):
    # R's %/% is floor(x / y) and %% is x - floor(x / y) * y (the sign of y). Integers go
    # through float64, which holds every int32 quotient exactly enough for floor.
    if not _is_float(dtype):
        quotient = _integer_division(K, op, K.cast(x, "float64"), K.cast(y, "float64"), "float64")
        return K.cast(quotient, dtype)
    floored = _floor(K, x / y)
    result = floored if op == "%/%" else x - floored * y
    return _keep_dtype(K, result, dtype)


def _floor(K, x):
    # round() is to the nearest integer: one below it when it went up.
    rounded = K.round(x)
    return rounded - K.cast(K.greater(rounded, x), K.dtype(x))


def _ceiling(K, x):
    rounded = K.round(x)
    return rounded + K.cast(K.less(rounded, x), K.dtype(x))


# --- R's Math and Summary groups ------------------------------------------------------------


def math(name: str, x: Any, digits: int = 0, base: Optional[float] = None) -> Any:
    """R's Math group function ``name`` on a tensor."""
    K = _backend()
    dtype = K.dtype(x)
    if dtype == "bool":  # R: abs(TRUE) is 1L
        x, dtype = K.cast(x, "int32"), "int32"
    if name in _FLOAT_FUNCTIONS:
        x = _as_tensor(K, x, dtype if _is_float(dtype) else K.floatx())
        result = getattr(K, name)(x)
        if name == "log" and base is not None:
            result = result / K.constant(np.log(base), dtype=K.dtype(result))
        return result
    if name in ("abs", "sign"):
        return _keep_dtype(K, getattr(K, name)(x), dtype)
    if name == "round":
        return _round(K, x, dtype, digits)
    if name in ("floor", "ceiling"):
        if not _is_float(dtype):
            return x
        return (_floor if name == "floor" else _ceiling)(K, x)
    if name in ("cumsum", "cumprod"):
        # R flattens in column-major order: the axes reversed, then flattened row-major.
        flat = K.flatten(K.transpose(x)) if K.ndim(x) > 1 else K.flatten(x)
        return getattr(K, name)(flat, axis=0)
    raise ValueError("math(): unknown function %r" % (name,))


def _round(K, x, dtype: str, digits: int):
    if not _is_float(dtype):
        if digits >= 0:
            return x
        x, dtype = K.cast(x, K.floatx()), K.floatx()
    if digits == 0:
        return K.round(x)
    scale = K.constant(10.0**digits, dtype=dtype)
    return K.round(x * scale) / scale


def summary(name: str, values: Sequence[Any]) -> Any:
    """R's Summary group function ``name`` over tensors and R values, as one 0-d tensor
    (``range``: a 1-D tensor of the minimum and the maximum)."""
    K = _backend()
    if name == "range":
        return K.stack([summary("min", values), summary("max", values)])
    reduce = getattr(K, _REDUCTIONS[name])
    partials = [_reduce(K, name, reduce, value) for value in values]
    if len(partials) == 1:
        return partials[0]
    dtype = K.dtype(partials[0])
    for partial in partials[1:]:
        dtype = _dtype_of_pair(dtype, K.dtype(partial))
    return reduce(K.stack([_as_tensor(K, partial, dtype) for partial in partials]))


def _reduce(K, name: str, reduce, value):
    value = _reducible(K, name, value)
    result = reduce(value)
    if name in ("sum", "prod"):  # Theano sums int32 into int64; R keeps integers integer
        return _keep_dtype(K, result, K.dtype(value))
    return result


def _reducible(K, name: str, value):
    if not is_tensor(value):
        array = np.asarray(value)
        value = K.constant(array, dtype=_r_kind_dtype(_KIND_RANK.get(array.dtype.kind, 2), K))
    if name in ("any", "all"):
        return value
    return K.cast(value, "int32") if K.dtype(value) == "bool" else value  # R: sum(TRUE) is 1L


# --- shape, indexing, description -----------------------------------------------------------


def shape(x: Any) -> Optional[List[int]]:
    """The shape, -1 where unknown; None when even the rank is unknown. A list, not a numpy
    array: reticulate 1.28 takes ~0.8 ms to convert even a tiny array to R, a list ~0.05 ms."""
    found = _backend().int_shape(x)
    if found is None:
        return None
    return [-1 if size is None else int(size) for size in found]


def describe(x: Any) -> Tuple[Optional[List[int]], str]:
    return shape(x), _backend().dtype(x)


def subset(x: Any, indices: Sequence[Optional[List[int]]], drop: Sequence[int]) -> Any:
    """x indexed per axis (None: the whole axis; else 0-based positions, already checked by
    the R side), then the axes in ``drop`` (0-based) removed. Runs of consecutive positions use
    the engine's slicing (every engine's tensors take Python slices); other positions gather."""
    K = _backend()
    dtype = K.dtype(x)
    extents = K.int_shape(x)
    slices = [slice(None)] * len(indices)
    gathers = []
    for axis, index in enumerate(indices):
        if index is None:
            continue
        positions = [int(position) for position in index]
        whole = extents[axis] is not None and positions == list(range(extents[axis]))
        if whole:
            continue
        if positions == list(range(positions[0], positions[-1] + 1)):
            slices[axis] = slice(positions[0], positions[-1] + 1)
        else:
            gathers.append((axis, positions))
    result = x
    if any(part != slice(None) for part in slices):
        # A run of consecutive positions: the engine's own slicing (one operation for all axes).
        result = _keep_dtype(K, result[tuple(slices)], dtype)
    for axis, positions in gathers:
        result = _take(K, result, positions, axis)
    for axis in sorted((int(axis) for axis in drop), reverse=True):
        result = K.squeeze(result, axis)
    return result


def _take(K, x, positions: List[int], axis: int):
    # gather() takes along the first axis: move `axis` first, take, move it back.
    if axis == 0:
        return K.gather(x, positions)
    order = [axis] + [other for other in range(K.ndim(x)) if other != axis]
    taken = K.gather(K.permute_dimensions(x, order), positions)
    return K.permute_dimensions(taken, [order.index(other) for other in range(len(order))])


def transpose(x: Any) -> Any:
    """R's t(): a 2-D tensor transposed; a 1-D tensor becomes one row."""
    K = _backend()
    if K.ndim(x) == 1:
        return K.expand_dims(x, 0)
    return K.transpose(x)
