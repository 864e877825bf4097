"""Strict integer typing and string choices for every backend function, generated from the
API spec.

Where the spec marks a parameter as integer-typed, a float (even 2.0), a bool, a string or R's
NA_integer_ is refused with an IntegerTypeError naming the function, the argument (with the
element's index inside lists), the value and its type, and telling R users how to write it.
Anything that is not a plain Python or NumPy scalar (a tensor, a TensorShape...) passes through:
the engine decides what to do with symbolic values.

Where the spec gives a parameter a set of string choices (padding, data_format, pool_mode,
interpolation), any other value is refused with a ChoiceError naming the function, the
argument, the value and the allowed values; engines do not check these again.

The guard only checks, with two normalisations: a single integer given where a list of
integers is expected becomes a tuple of one (R turns ``c(5L)`` into a scalar), and a choice
given in another case or with spaces (" Same") becomes the spec's spelling ("same").
No NumPy import: NumPy registers its scalar types with ``numbers``.
"""

import inspect
import numbers
from typing import Any, Callable, Dict, List, Optional, Sequence

from .api import SPEC, FunctionSpec, IntegerKind, Param
from .errors import ChoiceError, IntegerTypeError

R_NA_INTEGER = -2147483648
_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1
_REFUSED_SCALARS = (str, bytes, complex)
_CONTAINERS = (list, tuple, set, frozenset, dict)

Check = Callable[[Any, str, str], Any]


def guard(spec: FunctionSpec, impl: Callable) -> Callable:
    """Return ``impl`` wrapped with the spec's integer checks (or ``impl`` itself if none).

    The wrapper is generated with the spec's exact signature, so a call costs one plain Python
    call plus, per integer parameter, a type test (the checker runs only off the fast path).
    ``impl`` must take the spec's parameters in the spec's order (the parity test checks it).
    """
    if not spec.integer_params and not spec.choice_params:
        return impl
    namespace = {"_impl": impl, "__name__": "kerasbridge.backend"}  # type: Dict[str, Any]
    source = _wrapper_source(spec, namespace)
    exec(compile(source, "<kerasbridge guard: %s>" % spec.name, "exec"), namespace)
    guarded = namespace[spec.name]
    guarded.__doc__ = spec.doc
    return guarded


def _wrapper_source(spec: FunctionSpec, namespace: Dict[str, Any]) -> str:
    """Python source of the wrapper; defaults and checkers are looked up in ``namespace``."""
    signature, arguments, checks = [], [], []
    for index, param in enumerate(spec.params):
        if param.variadic:
            signature.append(param.variadic + param.name)
            arguments.append(param.variadic + param.name)
            continue
        if param.default is inspect.Parameter.empty:
            signature.append(param.name)
        else:
            namespace["_default%d" % index] = param.default
            signature.append("%s=_default%d" % (param.name, index))
        arguments.append(param.name)
        if param.kind is not None:
            namespace["_check%d" % index] = _checker_for(param)
            checks.append(_check_source(spec.name, param, index))  # choices too, if any
        elif param.choices:
            namespace["_check%d" % index] = _choice_checker(param.choices, param.nullable)
            namespace["_choices%d" % index] = frozenset(param.choices)
            checks.append(_choice_check_source(spec.name, param, index))
    return "def %s(%s):\n%s    return _impl(%s)\n" % (
        spec.name,
        ", ".join(signature),
        "".join(checks),
        ", ".join(arguments),
    )


def _check_source(function_name: str, param: Param, index: int) -> str:
    call = "        %s = _check%d(%s, %r, %r)\n" % (
        param.name,
        index,
        param.name,
        function_name,
        param.name,
    )
    kind = param.kind
    assert kind is not None  # only integer-typed parameters are checked
    if kind.form == "scalar" or kind.form == "either":
        low = _lower_bound(kind)
        return "    if type(%s) is not int or not %d <= %s <= %d or %s == %d:\n%s" % (
            param.name,
            low,
            param.name,
            _INT64_MAX,
            param.name,
            R_NA_INTEGER,
            call,
        )
    return (
        "    if %s is not None:\n%s" % (param.name, call)
        if param.nullable
        else call.replace("        ", "    ", 1)
    )


def _choice_check_source(function_name: str, param: Param, index: int) -> str:
    # Fast path: the exact string (a set lookup); anything else goes to the checker.
    test = "type(%s) is not str or %s not in _choices%d" % (param.name, param.name, index)
    if param.nullable:
        test = "%s is not None and (%s)" % (param.name, test)
    return "    if %s:\n        %s = _check%d(%s, %r, %r)\n" % (
        test,
        param.name,
        index,
        param.name,
        function_name,
        param.name,
    )


def check_argument(function_name: str, param_name: str, value: Any) -> Any:
    """Check one argument of a spec function as the guard would; returns the accepted value."""
    param = _param(function_name, param_name)
    if param.choices and param.kind is None:
        return _choice_checker(param.choices, param.nullable)(value, function_name, param_name)
    return _checker_for(param)(value, function_name, param_name)


def _param(function_name: str, param_name: str) -> Param:
    for param in SPEC[function_name].params:
        if param.name == param_name:
            return param
    raise KeyError("%s() has no parameter %r" % (function_name, param_name))


def _checker_for(param: Param) -> Check:
    kind = param.kind
    assert kind is not None
    if param.choices:  # integers of the kind, or one of the strings
        integer_check = _checker_for(param._replace(choices=()))
        return _either_checker(integer_check, param.choices, kind.description)
    if kind.form == "scalar":
        return _scalar_checker(kind, param.nullable)
    if kind.form == "nested":
        return _nested_checker(kind, param.nullable)
    return _sequence_checker(kind, param.nullable, scalar_allowed=kind.form == "either")


# --- checkers ------------------------------------------------------------------------------


def _scalar_checker(kind: IntegerKind, nullable: bool) -> Check:
    low = _lower_bound(kind)

    def check(value, function_name, where):
        if type(value) is int and low <= value <= _INT64_MAX and value != R_NA_INTEGER:
            return value  # the common case, kept fast
        if _is_r_null(value):
            value = None
        if value is None and nullable:
            return None
        vector = _r_vector_elements(value)
        if vector is not None and len(vector) == 1:
            value = vector[0]
        return _check_integer(value, kind, function_name, where)

    return check


def _sequence_checker(kind: IntegerKind, nullable: bool, scalar_allowed: bool) -> Check:
    low = _lower_bound(kind)

    def all_plain(values) -> bool:
        for element in values:
            if (
                type(element) is not int
                or not low <= element <= _INT64_MAX
                or element == R_NA_INTEGER
            ):
                return False
        return True

    def check(value, function_name, where):
        kind_of_value = type(value)
        if (
            kind_of_value is int
            and scalar_allowed
            and low <= value <= _INT64_MAX
            and value != R_NA_INTEGER
        ):
            return value  # fast path: one plain integer
        if (kind_of_value is tuple or kind_of_value is list) and all_plain(value):
            return value  # fast path: a list of plain integers
        if _is_r_null(value):
            value = None
        if value is None and nullable:
            return None
        elements = _as_elements(value)
        if elements is None:
            if not _is_integer(value):
                return _refuse_container(value, kind, function_name, where)
            checked = _check_integer(value, kind, function_name, where)
            return checked if scalar_allowed else (checked,)
        for index, element in enumerate(elements):
            if element is None and kind.none_elements:
                continue
            _check_integer(element, kind, function_name, "%s[%d]" % (where, index))
        return tuple(elements) if _is_r_vector(value) else value

    return check


def _either_checker(integer_check: Check, choices: Sequence[str], integers: str) -> Check:
    def check(value, function_name, where):
        if not isinstance(value, str):
            return integer_check(value, function_name, where)
        if value.strip().lower() in choices:
            return value.strip().lower()
        raise ChoiceError(
            "%s(): %s must be %s, or one of %s; got %s."
            % (
                function_name,
                where,
                integers,
                ", ".join('"%s"' % choice for choice in choices),
                _describe(value),
            )
        )

    return check


def _choice_checker(choices: Sequence[str], nullable: bool) -> Check:
    def check(value, function_name, where):
        if _is_r_null(value):
            value = None
        vector = _r_vector_elements(value)
        if vector is not None and len(vector) == 1:
            value = vector[0]
        if value is None and nullable:
            return None
        if isinstance(value, str) and value.strip().lower() in choices:
            return value.strip().lower()
        allowed = ", ".join('"%s"' % choice for choice in choices)
        if nullable:
            allowed += " or None"
        raise ChoiceError(
            "%s(): %s must be one of %s, got %s."
            % (function_name, where, allowed, _describe(value))
        )

    return check


def _nested_checker(kind: IntegerKind, nullable: bool) -> Check:
    def check(value, function_name, where):
        if _is_r_null(value):
            value = None
        if value is None and nullable:
            return None
        rows = _as_elements(value)
        if rows is None:
            return _refuse_container(value, kind, function_name, where)
        for row_index, row in enumerate(rows):
            row_where = "%s[%d]" % (where, row_index)
            elements = _as_elements(row)
            if elements is None:
                _refuse_container(row, kind, function_name, row_where)
                continue  # a tensor row: left to the engine
            for index, element in enumerate(elements):
                _check_integer(element, kind, function_name, "%s[%d]" % (row_where, index))
        return value

    return check


def _check_integer(value, kind: IntegerKind, function_name: str, where: str):
    """Accept an int or NumPy integer within the kind's range; pass tensors through."""
    if _is_bool(value):
        _raise(function_name, where, kind, value, _from_r_hint(1))
    if isinstance(value, numbers.Integral):
        number = int(value)
        if number == R_NA_INTEGER:
            _raise_na(function_name, where, kind)
        if not _in_range(number, kind.minimum):
            _raise(function_name, where, kind, value, _range_hint(kind))
        return value
    if value is None:
        _raise(function_name, where, kind, value, "")
    if isinstance(value, numbers.Number) or isinstance(value, _REFUSED_SCALARS):
        _raise(function_name, where, kind, value, _from_r_hint(value))
    if _is_r_vector(value) or isinstance(value, _CONTAINERS) or _is_numpy_array(value):
        _raise(function_name, where, kind, value, "")
    return value  # symbolic (a tensor): checked by the engine


def _refuse_container(value, kind, function_name, where):
    """Refuse a value that is neither a list of integers nor symbolic; pass tensors through."""
    refused = _is_plain_scalar(value) or value is None or _is_numpy_array(value)
    if refused or _is_r_vector(value) or isinstance(value, _CONTAINERS):
        _raise(function_name, where, kind, value, _from_r_hint(value), whole=True)
    return value  # a tensor or TensorShape: the engine decides


# --- classification of values ----------------------------------------------------------------


def _lower_bound(kind: IntegerKind) -> int:
    return _INT64_MIN if kind.minimum is None else kind.minimum


def _in_range(number: int, minimum: Optional[int]) -> bool:
    if number < _INT64_MIN or number > _INT64_MAX:
        return False
    return minimum is None or number >= minimum


def _is_bool(value) -> bool:
    return isinstance(value, bool) or (
        type(value).__module__ == "numpy" and type(value).__name__.startswith("bool")
    )


def _is_numpy_array(value) -> bool:
    return type(value).__name__ == "ndarray" and type(value).__module__ == "numpy"


def _is_plain_scalar(value) -> bool:
    return _is_bool(value) or isinstance(value, (numbers.Number,) + _REFUSED_SCALARS)


def _is_integer(value) -> bool:
    return isinstance(value, numbers.Integral) and not _is_bool(value)


def _is_r_vector(value) -> bool:
    return type(value).__module__.startswith("rpy2.") and hasattr(value, "__len__")


def _is_r_null(value) -> bool:
    kind = type(value)
    return kind.__name__ == "NULLType" and kind.__module__.startswith("rpy2.")


def _r_vector_elements(value) -> Optional[List[Any]]:
    if not _is_r_vector(value):
        return None
    return [_r_element(element) for element in value]


def _r_element(element):
    """An element of an R list as R means it: NULL is None, a length-one vector is its value
    (R's ``list(NULL, 4L)`` reaches Python through rpy2 as [NULL, IntVector([4])])."""
    if _is_r_null(element):
        return None
    if _is_r_vector(element) and len(element) == 1:
        return element[0]
    return element


def _as_elements(value) -> Optional[Sequence[Any]]:
    """The elements of a list, tuple, 1-D NumPy array or rpy2 vector; None for anything else."""
    if isinstance(value, (list, tuple)):
        return value
    if _is_numpy_array(value):
        return value.tolist() if value.dtype.kind in "iufb" and value.ndim == 1 else None
    return _r_vector_elements(value)


# --- messages --------------------------------------------------------------------------------


def _raise(function_name, where, kind, value, hint, whole=False):
    expected = kind.description if whole or kind.form == "scalar" else _element_description(kind)
    message = "%s(): %s must be %s, got %s." % (function_name, where, expected, _describe(value))
    raise IntegerTypeError(message + (" " + hint if hint else ""))


def _raise_na(function_name, where, kind):
    raise IntegerTypeError(
        "%s(): %s must be %s, got NA (R's NA_integer_ arrives as %d). Give a whole number "
        "such as 2L." % (function_name, where, _element_description(kind), R_NA_INTEGER)
    )


def _element_description(kind: IntegerKind) -> str:
    if kind.minimum == 0:
        return "a non-negative integer"
    if kind.minimum == 1:
        return "a positive integer"
    if kind.minimum is not None:
        return "an integer >= %d" % kind.minimum
    return "an integer"


def _describe(value) -> str:
    if _is_numpy_array(value):
        return "an array of %s" % value.dtype
    if _is_r_vector(value):
        return "an R vector %s (%s)" % (list(value)[:5], type(value).__name__)
    # A NumPy scalar shows its value as NumPy 1 did (numpy 2's repr is np.float64(3.5)).
    text = str(value) if type(value).__module__ == "numpy" else repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    if value is None:
        return text
    return "%s (%s)" % (text, type(value).__name__)


def _from_r_hint(value) -> str:
    example = _integral_example(value)
    if example is not None:
        return "From R, write %sL." % example
    if isinstance(value, numbers.Number):
        return "From R, write a whole number with the L suffix, such as 2L."
    return ""


def _integral_example(value) -> Optional[int]:
    if _is_bool(value):
        return int(bool(value))
    if isinstance(value, numbers.Real):
        try:
            number = float(value)
        except (TypeError, ValueError, OverflowError):
            return None
        if number == number and abs(number) < 2**53 and number == int(number):
            return int(number)
        return None
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    return None


def _range_hint(kind: IntegerKind) -> str:
    if kind.minimum is None:
        return "Integers must fit in 64 bits."
    return "Values below %d are not allowed here." % kind.minimum


__all__ = ["guard", "check_argument", "R_NA_INTEGER"]
