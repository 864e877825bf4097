"""The API spec lists exactly the core API's functions plus those added for Keras 2.3.1 parity,
each with a signature and a one-line doc."""

import inspect
import os

import pytest

from kerasbridge.api import INTEGER_KINDS, NAMES, SPEC
from kerasbridge.api._types import parse_line

DATA = os.path.join(os.path.dirname(__file__), "data")
CORE_NAMES_FILE = os.path.join(DATA, "core_names.txt")
KERAS2_NAMES_FILE = os.path.join(DATA, "keras2_names.txt")


def names_in(path):
    with open(path) as handle:
        return [line.strip() for line in handle if line.strip() and not line.startswith("#")]


def core_names():
    return names_in(CORE_NAMES_FILE)


def test_spec_lists_exactly_the_core_and_keras2_names():
    core, keras2 = core_names(), names_in(KERAS2_NAMES_FILE)
    assert len(core) == 146
    assert len(keras2) == 18
    assert not set(core) & set(keras2)
    assert sorted(NAMES) == sorted(core + keras2)


def test_spec_table_is_sorted_by_name():
    assert list(NAMES) == sorted(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_every_function_has_a_one_line_doc(name):
    doc = SPEC[name].doc
    assert doc and "\n" not in doc and doc.endswith(".")


@pytest.mark.parametrize("name", NAMES)
def test_every_signature_is_a_valid_python_signature(name):
    signature = SPEC[name].signature
    assert isinstance(signature, inspect.Signature)
    assert [p.name for p in signature.parameters.values()] == [p.name for p in SPEC[name].params]


def test_the_integer_typed_parameters_of_placeholder():
    params = {p.name: p for p in SPEC["placeholder"].integer_params}
    assert sorted(params) == ["ndim", "shape"]
    assert params["shape"].kind.none_elements and params["shape"].nullable
    assert params["ndim"].kind.minimum == 0


def test_known_integer_parameters_are_declared():
    declared = {(name, p.name) for name in NAMES for p in SPEC[name].integer_params}
    for expected in [
        ("sum", "axis"),
        ("reshape", "shape"),
        ("conv2d", "strides"),
        ("one_hot", "num_classes"),
        ("in_top_k", "k"),
        ("tile", "n"),
        ("spatial_2d_padding", "padding"),
        ("ctc_decode", "beam_width"),
        ("repeat_elements", "rep"),
        ("set_learning_phase", "value"),
        ("repeat", "n"),
        ("slice", "start"),
        ("slice", "size"),
        ("unstack", "axis"),
        ("unstack", "num"),
        ("random_bernoulli", "seed"),
        ("depthwise_conv2d", "strides"),
        ("separable_conv1d", "dilation_rate"),
        ("conv3d_transpose", "output_shape"),
    ]:
        assert expected in declared


def test_parse_line_rejects_unknown_kinds_and_malformed_lines():
    with pytest.raises(ValueError, match="unknown integer kind 'float'"):
        parse_line("f(x: float) | Doc.")
    with pytest.raises(ValueError, match="name\\(params\\) \\| doc"):
        parse_line("f(x) without a doc")


def test_parse_line_reads_defaults_and_variadics():
    spec = parse_line("f(x, axes: axes? = (1, 2), **kwargs) | Doc.")
    assert spec.params[1].default == (1, 2) and spec.params[1].nullable
    assert spec.params[2].variadic == "**"
    assert str(spec.signature) == "(x, axes=(1, 2), **kwargs)"


def test_every_kind_is_used():
    used = {p.kind.name for name in NAMES for p in SPEC[name].integer_params}
    assert used == set(INTEGER_KINDS)
