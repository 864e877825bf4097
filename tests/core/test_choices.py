"""String choices (padding, data_format, pool_mode, interpolation): declared once in the spec
(api/_types.py CHOICES), checked by the guard with one message for every engine."""

import inspect

import pytest

from kerasbridge.api import NAMES, SPEC
from kerasbridge.api._types import CHOICES, parse_line
from kerasbridge.errors import ChoiceError
from kerasbridge.guard import check_argument, guard

# Parameters that take only strings (reduction_axes, integers or a string, has tests of its own).
CHOICE_PARAMS = [
    (name, param) for name in NAMES for param in SPEC[name].choice_params if param.kind is None
]
IDS = ["%s-%s" % (name, param.name) for name, param in CHOICE_PARAMS]
# Parameters that hold one of a fixed set of strings, by name (spatial_*_padding's "padding" is
# integer pairs; normalize_data_format and set_image_data_format are checked by the settings).
CHOICE_NAMES = ("padding", "data_format", "pool_mode", "interpolation")
SETTINGS_FUNCTIONS = ("normalize_data_format", "set_image_data_format")


def recorder(name):
    names = [param.name for param in SPEC[name].params if not param.variadic]

    def implementation(*args, **kwargs):
        return dict(zip(names, args), **kwargs)

    return guard(SPEC[name], implementation)


def call(name, param_name, value):
    """The guarded function called with ``value`` for ``param_name``; returns what it passed."""
    arguments = {}
    for param in SPEC[name].params:
        if param.default is inspect.Parameter.empty and not param.variadic:
            arguments[param.name] = param.choices[0] if param.choices else 1
    arguments[param_name] = value
    return recorder(name)(**arguments)[param_name]


def test_every_string_choice_parameter_declares_its_choices():
    for name in NAMES:
        if name in SETTINGS_FUNCTIONS:
            continue
        for param in SPEC[name].params:
            if param.name in CHOICE_NAMES and param.kind is None:
                assert param.choices, "%s(%s) declares no choices" % (name, param.name)


def test_the_choice_sets():
    assert CHOICES["padding"] == ("valid", "same")
    assert CHOICES["data_format"] == ("channels_last", "channels_first")
    assert SPEC["conv1d"].params[3].choices == ("valid", "same", "causal")
    assert SPEC["pool2d"].params[5].choices == ("max", "avg")
    assert SPEC["resize_images"].params[4].choices == ("nearest", "bilinear")


@pytest.mark.parametrize("name,param", CHOICE_PARAMS, ids=IDS)
def test_every_allowed_value_passes_unchanged(name, param):
    for value in param.choices:
        assert call(name, param.name, value) is value


@pytest.mark.parametrize("name,param", CHOICE_PARAMS, ids=IDS)
def test_another_case_or_spaces_become_the_spec_spelling(name, param):
    value = param.choices[-1]
    assert call(name, param.name, "  %s " % value.upper()) == value


@pytest.mark.parametrize("name,param", CHOICE_PARAMS, ids=IDS)
def test_none_is_accepted_only_where_the_spec_allows_it(name, param):
    if param.nullable:
        assert call(name, param.name, None) is None
    else:
        with pytest.raises(ChoiceError):
            call(name, param.name, None)


@pytest.mark.parametrize("name,param", CHOICE_PARAMS, ids=IDS)
@pytest.mark.parametrize(
    "bad, shown",
    [("full", "'full' (str)"), (2, "2 (int)"), (["same"], "['same'] (list)"), (b"same", None)],
    ids=["unknown-string", "number", "list", "bytes"],
)
def test_anything_else_is_refused_naming_function_argument_value_and_choices(
    name, param, bad, shown
):
    with pytest.raises(ChoiceError) as raised:
        call(name, param.name, bad)
    allowed = ", ".join('"%s"' % value for value in param.choices)
    if param.nullable:
        allowed += " or None"
    expected = "%s(): %s must be one of %s, got " % (name, param.name, allowed)
    assert str(raised.value).startswith(expected)
    if shown is not None:
        assert str(raised.value) == expected + shown + "."


def test_the_documented_message():
    with pytest.raises(ChoiceError) as raised:
        recorder("pool2d")("x", (2, 2), pool_mode="mean")
    assert str(raised.value) == (
        'pool2d(): pool_mode must be one of "max", "avg", got \'mean\' (str).'
    )
    assert isinstance(raised.value, ValueError)


def test_positional_arguments_are_checked():
    with pytest.raises(ChoiceError, match=r"conv2d\(\): padding must be one of"):
        recorder("conv2d")("x", "k", (1, 1), "causal")


def test_check_argument_checks_a_choice_as_the_guard_does():
    assert check_argument("conv1d", "padding", "Causal") == "causal"
    with pytest.raises(ChoiceError, match="conv2d"):
        check_argument("conv2d", "padding", "causal")


def test_parse_line_reads_a_choice_and_refuses_an_unknown_set():
    spec = parse_line("f(x, mode: {pool_mode}? = None) | Doc.")
    assert spec.params[1].choices == ("max", "avg") and spec.params[1].nullable
    assert spec.params[1].kind is None
    with pytest.raises(ValueError, match=r"unknown choice set \{mode\}"):
        parse_line("f(x, m: {mode} = 'a') | Doc.")


def test_a_parameter_may_take_integers_or_choices():
    param = parse_line("f(reduction_axes: axislist|{batch_norm_mode}) | Doc.").params[0]
    assert param.kind is not None and param.kind.name == "axislist"
    assert param.choices == CHOICES["batch_norm_mode"]


@pytest.mark.parametrize(
    "value, passed",
    [([0, 2], [0, 2]), ("per-activation", "per-activation"), (" Spatial", "spatial")],
)
def test_reduction_axes_takes_integers_or_a_theano_mode(value, passed):
    assert call("normalize_batch_in_training", "reduction_axes", value) == passed


@pytest.mark.parametrize(
    "value, error, message",
    [
        ([0, 2.0], "IntegerTypeError", r"reduction_axes\[1\] must be an integer, got 2\.0"),
        ("channel", "ChoiceError", r"a list of integers, or one of \"per-activation\", "),
    ],
)
def test_reduction_axes_refuses_floats_and_other_strings(value, error, message):
    with pytest.raises(Exception, match=message) as raised:
        call("normalize_batch_in_training", "reduction_axes", value)
    assert type(raised.value).__name__ == error
