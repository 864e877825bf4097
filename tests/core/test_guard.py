"""Strict integer typing: every integer-typed parameter of the spec, property-based."""

import inspect

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kerasbridge.api import NAMES, SPEC
from kerasbridge.errors import IntegerTypeError
from kerasbridge.guard import R_NA_INTEGER, check_argument, guard

INTEGER_PARAMS = [(name, param) for name in NAMES for param in SPEC[name].integer_params]
IDS = ["%s-%s" % (name, param.name) for name, param in INTEGER_PARAMS]
INT32_MAX = 2**31 - 1


def recorder(name):
    """The spec function guarded around an implementation that returns its arguments by name."""
    names = [param.name for param in SPEC[name].params if not param.variadic]

    def implementation(*args, **kwargs):
        return dict(zip(names, args), **kwargs)

    return guard(SPEC[name], implementation)


def valid_integers(param):
    low = param.kind.minimum if param.kind.minimum is not None else -INT32_MAX
    return st.integers(min_value=low, max_value=INT32_MAX)


def valid_value(param):
    if param.choices:
        return param.choices[0]
    if param.kind is None:
        return "tensor"
    return {"scalar": 1, "nested": [[1, 1]]}.get(param.kind.form, [1])


def call(name, param, value):
    """Call the guarded function with ``value`` for ``param`` and valid required arguments."""
    arguments = {
        other.name: valid_value(other)
        for other in SPEC[name].params
        if other.default is inspect.Parameter.empty and not other.variadic
    }
    arguments[param.name] = value
    return recorder(name)(**arguments)[param.name]


def as_argument(param, element):
    """Place one element where it would stand in a valid argument of this parameter."""
    if param.kind.form == "nested":
        return [[1, 1], [element, 1]]
    if param.kind.form in ("sequence", "either"):
        return [1, element]
    return element


def element_path(param):
    if param.kind.form == "nested":
        return "%s[1][0]" % param.name
    if param.kind.form in ("sequence", "either"):
        return "%s[1]" % param.name
    return param.name


@pytest.mark.parametrize("name,param", INTEGER_PARAMS, ids=IDS)
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_integers_are_accepted(name, param, data):
    number = data.draw(valid_integers(param))
    argument = as_argument(param, number)
    result = call(name, param, argument)
    if param.kind.form == "scalar":
        assert result == number
    else:
        assert list(result)[1] == argument[1]


@pytest.mark.parametrize("name,param", INTEGER_PARAMS, ids=IDS)
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_floats_are_refused_even_when_whole(name, param, data):
    number = data.draw(st.floats(allow_nan=True, allow_infinity=True))
    with pytest.raises(IntegerTypeError) as raised:
        call(name, param, as_argument(param, number))
    message = str(raised.value)
    assert message.startswith("%s(): %s must be " % (name, element_path(param)))
    assert "got %r (float)" % number in message
    if number == number and abs(number) < 2**53 and number == int(number):
        assert message.endswith("From R, write %dL." % int(number))


@pytest.mark.parametrize("name,param", INTEGER_PARAMS, ids=IDS)
@pytest.mark.parametrize(
    "bad,shown",
    [
        (True, "True (bool)"),
        (np.bool_(False), "False (bool"),
        ("2", "'2' (str)"),
        (np.float32(2.0), "2.0 (float32)"),
        (np.float64(3.5), "3.5 (float64)"),
        (1j, "1j (complex)"),
    ],
    ids=["bool", "numpy-bool", "str", "numpy-float32", "numpy-float64", "complex"],
)
def test_bool_str_and_numpy_floats_are_refused(name, param, bad, shown):
    with pytest.raises(IntegerTypeError) as raised:
        call(name, param, as_argument(param, bad))
    assert "%s(): %s must be" % (name, element_path(param)) in str(raised.value)
    assert shown in str(raised.value)


@pytest.mark.parametrize("name,param", INTEGER_PARAMS, ids=IDS)
def test_r_missing_integer_is_refused(name, param):
    with pytest.raises(IntegerTypeError) as raised:
        call(name, param, as_argument(param, R_NA_INTEGER))
    assert "got NA (R's NA_integer_" in str(raised.value)
    assert str(raised.value).startswith("%s(): %s must be" % (name, element_path(param)))


@pytest.mark.parametrize("name,param", INTEGER_PARAMS, ids=IDS)
def test_numpy_integers_are_accepted(name, param):
    value = as_argument(param, np.int64(3))
    result = call(name, param, value)
    assert result is value or list(result) == list(value) or result == value


@pytest.mark.parametrize("name,param", INTEGER_PARAMS, ids=IDS)
def test_none_is_accepted_only_where_the_spec_allows_it(name, param):
    if param.nullable:
        assert call(name, param, None) is None
    else:
        with pytest.raises(IntegerTypeError, match="got None"):
            call(name, param, None)


BOUNDED = [(name, param) for name, param in INTEGER_PARAMS if param.kind.minimum is not None]


@pytest.mark.parametrize(
    "name,param", BOUNDED, ids=["%s-%s" % (name, param.name) for name, param in BOUNDED]
)
def test_values_below_the_minimum_are_refused(name, param):
    with pytest.raises(IntegerTypeError, match="Values below %d" % param.kind.minimum):
        call(name, param, as_argument(param, param.kind.minimum - 1))


class Symbolic(object):
    """Stands for an engine tensor: the guard must leave it to the engine."""


@pytest.mark.parametrize("name,param", INTEGER_PARAMS, ids=IDS)
def test_symbolic_values_pass_through(name, param):
    whole, element = Symbolic(), Symbolic()
    assert call(name, param, whole) is whole
    if param.kind.form != "scalar":
        assert list(call(name, param, as_argument(param, element)))[1] is not None


def test_the_documented_message():
    with pytest.raises(IntegerTypeError) as raised:
        check_argument("placeholder", "shape", [2.0, 4, 5])
    assert str(raised.value) == (
        "placeholder(): shape[0] must be a non-negative integer, got 2.0 (float). From R, write 2L."
    )


def test_integer_type_error_is_a_type_error():
    assert issubclass(IntegerTypeError, TypeError)


def test_a_single_integer_where_a_list_is_expected_becomes_a_tuple():
    assert check_argument("zeros", "shape", 5) == (5,)
    assert check_argument("tile", "n", 5) == 5  # "either" kinds keep a scalar


def test_positional_arguments_are_checked():
    guarded = recorder("sum")
    assert guarded("x", 1) == {"x": "x", "axis": 1, "keepdims": False}
    with pytest.raises(IntegerTypeError, match=r"sum\(\): axis must be an integer"):
        guarded("x", 1.0)


def test_a_list_where_one_integer_is_expected_is_refused():
    with pytest.raises(IntegerTypeError, match=r"argmax\(\): axis must be an integer, got \[1\]"):
        check_argument("argmax", "axis", [1])


def test_integer_arrays_are_accepted_and_float_arrays_refused():
    shape = np.array([2, 3])
    assert check_argument("reshape", "shape", shape) is shape
    with pytest.raises(IntegerTypeError, match=r"reshape\(\): shape\[0\] must be"):
        check_argument("reshape", "shape", np.array([2.0, 3.0]))


def test_out_of_range_integers_are_refused():
    with pytest.raises(IntegerTypeError, match="64 bits"):
        check_argument("sum", "axis", 2**70)


def test_functions_without_integer_parameters_are_not_wrapped():
    def implementation(x):
        return x

    assert guard(SPEC["abs"], implementation) is implementation


def test_the_wrapper_carries_the_spec_doc_and_signature():
    guarded = recorder("placeholder")
    assert guarded.__name__ == "placeholder"
    assert guarded.__doc__ == SPEC["placeholder"].doc
    assert str(inspect.signature(guarded)).startswith("(shape=None, ndim=None")
