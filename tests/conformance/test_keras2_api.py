"""Conformance of the functions added for Keras 2.3.1 parity (issue 13): the rest of Keras
2.3.1's keras.backend, get_variable_shape, and R keras 2.x's random_bernoulli and unstack.

Values, shapes, dtypes and int_shape against NumPy, on constants and on placeholders; the
convolutions in both data formats and paddings, against test_conv's NumPy references; and the
guard refusing a float for every integer parameter.
Python 3.6-compatible and engine-agnostic: only K and NumPy.
"""

import numpy as np
import pytest

from kerasbridge.errors import IntegerTypeError

from .conftest import compute, evaluate
from .test_conv import (
    FORMATS,
    conv_id,
    conv_reference,
    conv_transpose_reference,
    from_format,
    kernel_of_depthwise,
    to_format,
)
from .test_math import MODES, as_input, assert_result, floats, run

X2 = floats(3, 4)
X3 = floats(3, 4, 5)


# --- predicates -----------------------------------------------------------------------------


def _candidates(K):
    """Every kind of value Keras 2 code asks the predicates about, by name."""
    holder = K.placeholder(shape=(None, 3))
    variable = K.variable(np.ones((2, 3)))
    return {
        "placeholder": holder,
        "variable": variable,
        "zeros": K.zeros((2, 2)),
        "constant": K.constant([1.0, 2.0]),
        "of_placeholder": K.sum(holder),
        "of_variable": K.sum(variable),
        "array": np.ones((2, 3)),
        "number": 3.0,
        "list": [1.0, 2.0],
    }


TENSORS = ["placeholder", "variable", "zeros", "constant", "of_placeholder", "of_variable"]
NOT_TENSORS = ["array", "number", "list"]

PREDICATES = [
    # name, the candidates for which it is true (false for the others)
    ("is_tensor", TENSORS),
    ("is_variable", ["variable", "zeros"]),
    ("is_placeholder", ["placeholder"]),
]


@pytest.mark.parametrize("candidate", TENSORS + NOT_TENSORS)
@pytest.mark.parametrize("name, true_for", PREDICATES, ids=[p[0] for p in PREDICATES])
def test_predicate(K, name, true_for, candidate):
    answer = getattr(K, name)(_candidates(K)[candidate])
    assert isinstance(answer, (bool, np.bool_))
    assert bool(answer) == (candidate in true_for)


def test_the_learning_phase_flag_is_not_a_placeholder(K):
    assert K.is_placeholder(K.learning_phase()) is False  # an input fed by K itself
    assert K.is_placeholder(K.placeholder(shape=(2, 3), sparse=True)) is True


@pytest.mark.parametrize("candidate", TENSORS)
def test_is_keras_tensor_is_false_for_what_k_functions_make(K, candidate):
    assert K.is_keras_tensor(_candidates(K)[candidate]) is False


@pytest.mark.parametrize("candidate", NOT_TENSORS)
def test_is_keras_tensor_refuses_what_is_not_a_tensor(K, candidate):
    with pytest.raises(ValueError, match="tensor"):
        K.is_keras_tensor(_candidates(K)[candidate])


@pytest.mark.parametrize("n, reps", [(2, (1, 2)), ((2,), (1, 2)), ((3, 2), (3, 2))])
def test_tile_pads_a_short_n_with_leading_ones(K, n, reps):
    value = np.arange(12.0).reshape(3, 4)
    assert np.array_equal(K.eval(K.tile(K.variable(value), n)), np.tile(value, reps))


def test_tile_takes_counts_in_a_tensor(K):
    value = np.arange(6.0).reshape(2, 3)
    counts = K.constant([2, 1], dtype="int32")
    assert np.array_equal(K.eval(K.tile(K.variable(value), counts)), np.tile(value, (2, 1)))


@pytest.mark.parametrize("data_format", ["channels_first", "channels_last"])
def test_bias_add_on_a_matrix_adds_to_its_features(K, data_format):
    value, bias = np.ones((2, 4)), np.arange(4.0)
    added = K.bias_add(K.variable(value), K.variable(bias), data_format=data_format)
    assert np.allclose(K.eval(added), value + bias)


@pytest.mark.parametrize("stop, expected", [(3, [0, 1, 2]), (-1, [])])
def test_arange_takes_a_tensor_as_its_only_bound(K, stop, expected):
    assert K.eval(K.arange(K.constant(stop, dtype="int32"))).tolist() == expected


def test_keras_shape_attribute_gives_the_static_shape(K):
    # Keras 2.3.1 code reads x._keras_shape (its own tests do, on results of repeat_elements).
    x = K.placeholder(shape=(None, 3))
    assert K.repeat_elements(x, 2, axis=1)._keras_shape == (None, 6)
    assert K.variable(np.zeros((2, 5)))._keras_shape == (2, 5)
    assert K.constant(np.zeros(4))._keras_shape == (4,)
    summed = K.sum(x, axis=1)
    summed._keras_shape = (7,)  # as Keras 2.3.1 code sets it to tell later code a shape
    assert summed._keras_shape == (7,)


@pytest.mark.parametrize("shape", [(2, 3), (4,), (1, 2, 3)], ids=str)
def test_get_variable_shape(K, shape):
    assert K.get_variable_shape(K.variable(np.zeros(shape))) == shape
    assert K.get_variable_shape(K.zeros(shape)) == shape


# --- settings helpers and decorators --------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        ("channels_first", "channels_first"),
        ("channels_last", "channels_last"),
        ("Channels_First", "channels_first"),
    ],
)
def test_normalize_data_format(K, value, expected):
    assert K.normalize_data_format(value) == expected


def test_normalize_data_format_of_none_is_the_setting(K):
    before = K.image_data_format()
    try:
        for data_format in FORMATS:
            K.set_image_data_format(data_format)
            assert K.normalize_data_format(None) == data_format
    finally:
        K.set_image_data_format(before)


@pytest.mark.parametrize("value", ["nchw", "th", ""])
def test_normalize_data_format_refuses_other_names(K, value):
    with pytest.raises(ValueError, match="channels_last"):
        K.normalize_data_format(value)


@pytest.mark.parametrize("decorator", ["eager", "symbolic"])
def test_decorators_keep_the_function(K, world, decorator):
    decorated = getattr(K, decorator)(lambda t: K.sum(t * 2.0, axis=1))
    assert_result(compute(K, world, decorated, X2), (X2 * 2.0).sum(axis=1), rtol=1e-5)


def test_control_dependencies_is_a_context_for_values(K, world):
    def fn(t):
        with K.control_dependencies([t]):
            return K.sum(t, axis=0)

    assert_result(compute(K, world, fn, X2), X2.sum(axis=0), rtol=1e-5)


def test_control_dependencies_of_none_and_of_nothing(K):
    variable = K.variable(X2)
    for control_inputs in (None, []):
        with K.control_dependencies(control_inputs):
            result = K.sum(variable)
        assert_result(evaluate(K, result), X2.sum(), rtol=1e-5)


def test_control_dependencies_run_first_in_a_function(K):
    """On TensorFlow the update runs because the output depends on it; Theano and CNTK have
    no control dependencies (a divergence, see divergences/)."""
    total = K.variable(0.0)
    holder = K.placeholder(shape=(None, 2))
    update = K.update_add(total, K.sum(holder))
    with K.control_dependencies([update]):
        output = K.identity(holder) * 2.0
    result = K.function([holder], [output])([np.ones((3, 2), "float32")])[0]
    assert_result(np.asarray(result), np.full((3, 2), 2.0))
    assert float(K.get_value(total)) == 6.0


# --- tensor manipulation --------------------------------------------------------------------


@pytest.mark.parametrize("n", [1, 3])
def test_repeat(K, world, n):
    actual = compute(K, world, lambda t: K.repeat(t, n), X2)
    expected = np.repeat(X2[:, None, :], n, axis=1)
    assert_result(actual, expected, dtype=K.floatx())


def test_repeat_keeps_the_static_shape(K):
    assert K.int_shape(K.repeat(K.placeholder(shape=(None, 4)), 3)) == (None, 3, 4)
    assert K.int_shape(K.repeat(K.variable(X2), 2)) == (3, 2, 4)


def test_repeat_refuses_other_ranks(K):
    with pytest.raises(ValueError, match="2D"):
        K.repeat(K.variable(X3), 2)


def test_size(K, world):
    actual = compute(K, world, K.size, X3)
    assert actual.shape == () and int(actual) == X3.size
    assert actual.dtype == np.dtype("int32")


SLICES = [
    ((0, 0, 0), (3, 4, 5)),
    ((0, 1, 2), (2, 3, 3)),
    ((1, 0, 4), (1, 4, 1)),
    ((1, 2, 0), (-1, 2, -1)),
]


def _slice_reference(x, start, size):
    return x[tuple(slice(b, None if n == -1 else b + n) for b, n in zip(start, size))]


@pytest.mark.parametrize("start, size", SLICES, ids=["%s+%s" % s for s in SLICES])
def test_slice(K, world, start, size):
    actual = compute(K, world, lambda t: K.slice(t, start, size), X3)
    assert_result(actual, _slice_reference(X3, start, size), dtype=K.floatx())


def test_slice_keeps_the_static_shape(K):
    assert K.int_shape(K.slice(K.variable(X3), (0, 1, 2), (2, 3, 3))) == (2, 3, 3)
    assert K.int_shape(K.slice(K.variable(X3), (1, 2, 0), (-1, 2, -1))) == (2, 2, 5)


def test_slice_refuses_a_start_of_another_rank(K):
    with pytest.raises(ValueError, match="one entry per axis"):
        K.slice(K.variable(X3), (0, 1), (1, 1))


@pytest.mark.parametrize("axis", [0, 1, 2, -1])
def test_unstack(K, world, axis):
    actual = compute(K, world, lambda t: K.unstack(t, axis, X3.shape[axis]), X3)
    expected = [np.take(X3, i, axis=axis) for i in range(X3.shape[axis])]
    assert len(actual) == len(expected)
    for part, reference in zip(actual, expected):
        assert_result(part, reference, dtype=K.floatx())


def test_unstack_of_a_variable_counts_the_axis(K):
    parts = K.unstack(K.variable(X3), axis=1)
    assert len(parts) == 4
    assert K.int_shape(parts[0]) == (3, 5)
    assert_result(evaluate(K, parts[2]), X3[:, 2, :])


def test_unstack_keeps_the_static_shape(K):
    parts = K.unstack(K.placeholder(shape=(None, 4, 5)), axis=1)
    assert len(parts) == 4
    assert [K.int_shape(part) for part in parts] == [(None, 5)] * 4


def test_pattern_broadcast_declares_axes_of_size_one(K, world):
    a, b = floats(3, 1, 4), floats(3, 5, 4)
    actual = compute(K, world, lambda s, t: K.pattern_broadcast(s, [False, True, False]) + t, a, b)
    assert_result(actual, a + b, dtype=K.floatx())


def test_pattern_broadcast_keeps_values_and_shape(K):
    holder = K.placeholder(shape=(None, 1, 4))
    result = K.pattern_broadcast(holder, [False, True, False])
    assert K.int_shape(result) == (None, 1, 4)
    a = floats(2, 1, 4)
    assert_result(np.asarray(K.function([holder], [result])([a])[0]), a)


def test_pattern_broadcast_refuses_an_axis_of_another_size(K):
    with pytest.raises(ValueError, match="size 1"):
        K.pattern_broadcast(K.variable(X3), [False, True, False])


# --- random ---------------------------------------------------------------------------------

SHAPE = (200, 50)


@pytest.mark.parametrize("p", [0.0, 0.3, 1.0], ids=str)
def test_random_bernoulli_frequency(K, p):
    values = evaluate(K, K.random_bernoulli(SHAPE, p=p, seed=4))
    assert values.shape == SHAPE and values.dtype == np.dtype(K.floatx())
    assert set(np.unique(values).tolist()) <= {0.0, 1.0}
    assert abs(values.mean() - p) < 0.03


def test_random_bernoulli_seed_repeats(K):
    first = evaluate(K, K.random_bernoulli((30, 20), p=0.5, seed=11))
    again = evaluate(K, K.random_bernoulli((30, 20), p=0.5, seed=11))
    assert np.array_equal(first, again)


def test_random_bernoulli_dtype(K):
    assert evaluate(K, K.random_bernoulli((2, 3), 0.5, dtype="float64")).dtype == np.float64


# --- convolutions ---------------------------------------------------------------------------

DEPTHWISE = [
    ((1, 1), "valid", (1, 1)),
    ((1, 1), "same", (1, 1)),
    ((2, 2), "same", (1, 1)),
    ((2, 2), "valid", (1, 1)),
    ((1, 1), "same", (2, 2)),
    ((1, 1), "valid", (2, 1)),
    ((2, 1), "same", (1, 1)),
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("data_format", FORMATS)
@pytest.mark.parametrize(
    "strides, padding, dilation", DEPTHWISE, ids=[conv_id(c) for c in DEPTHWISE]
)
def test_depthwise_conv2d(K, mode, data_format, strides, padding, dilation):
    x, depthwise = floats(2, 6, 5, 3), floats(3, 3, 3, 2)
    actual = run(
        K,
        mode,
        lambda t: K.depthwise_conv2d(
            t, as_input(K, depthwise), strides, padding, data_format, dilation
        ),
        to_format(x, data_format),
    )
    expected = conv_reference(
        x.astype("float64"), kernel_of_depthwise(depthwise), strides, padding, dilation
    )
    assert_result(
        from_format(actual, data_format), expected, rtol=1e-4, atol=1e-4, dtype=K.floatx()
    )


def test_depthwise_conv2d_keeps_the_static_shape(K):
    holder = K.placeholder(shape=(None, 6, 5, 3))
    result = K.depthwise_conv2d(holder, as_input(K, floats(3, 3, 3, 2)), padding="same")
    assert K.int_shape(result) == (None, 6, 5, 6)


SEPARABLE1D = [(1, "valid", 1), (1, "same", 1), (2, "same", 1), (3, "valid", 1), (1, "same", 2)]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("data_format", FORMATS)
@pytest.mark.parametrize(
    "strides, padding, dilation", SEPARABLE1D, ids=[conv_id(c) for c in SEPARABLE1D]
)
def test_separable_conv1d(K, mode, data_format, strides, padding, dilation):
    x = floats(2, 9, 3)
    depthwise, pointwise = floats(3, 3, 2), floats(1, 6, 4)
    actual = run(
        K,
        mode,
        lambda t: K.separable_conv1d(
            t,
            as_input(K, depthwise),
            as_input(K, pointwise),
            strides,
            padding,
            data_format,
            dilation,
        ),
        to_format(x, data_format),
    )
    spread_kernel = kernel_of_depthwise(depthwise[None])[0]  # (taps, in, in * multiplier)
    spread = conv_reference(x.astype("float64"), spread_kernel, strides, padding, dilation)
    expected = conv_reference(spread, pointwise, 1, "valid", 1)
    assert_result(
        from_format(actual, data_format), expected, rtol=1e-4, atol=1e-4, dtype=K.floatx()
    )


def conv_transpose_by_adjoint(x, kernel, output_spatial, strides, padding):
    """The transposed convolution as the adjoint of conv_reference: conv_reference maps an
    output-sized y (channels: kernel's output channels) linearly to x's size, and the result
    is that map's transpose applied to x. Works in any number of spatial dimensions."""
    out_channels = kernel.shape[-2]
    size = int(np.prod(output_spatial)) * out_channels
    basis = np.eye(size).reshape((size,) + tuple(output_spatial) + (out_channels,))
    matrix = conv_reference(basis, kernel, strides, padding, 1).reshape(size, -1)
    flat = x.reshape(x.shape[0], -1).astype("float64")
    return (flat @ matrix.T).reshape((x.shape[0],) + tuple(output_spatial) + (out_channels,))


def test_the_adjoint_reference_agrees_with_test_conv_in_2d():
    x, kernel = floats(2, 3, 4, 3), floats(3, 3, 4, 3)
    for output_spatial, strides, padding in [((5, 6), 1, "valid"), ((6, 8), 2, "same")]:
        assert_result(
            conv_transpose_by_adjoint(x, kernel, output_spatial, strides, padding),
            conv_transpose_reference(x, kernel, output_spatial, strides, padding, 1),
            rtol=1e-6,
            atol=1e-6,
        )


TRANSPOSES3D = [
    # output depth, rows, cols; strides; padding (input is 2 x 3 x 2, kernel 2 x 3 x 2)
    ((3, 5, 3), (1, 1, 1), "valid"),
    ((4, 6, 4), (2, 2, 2), "same"),
    ((4, 5, 4), (2, 1, 2), "valid"),
    ((2, 3, 2), (1, 1, 1), "same"),
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("data_format", FORMATS)
@pytest.mark.parametrize(
    "output_spatial, strides, padding",
    TRANSPOSES3D,
    ids=["->%s-strides=%s-%s" % c for c in TRANSPOSES3D],
)
def test_conv3d_transpose(K, mode, data_format, output_spatial, strides, padding):
    x, kernel = floats(2, 2, 3, 2, 3), floats(2, 3, 2, 4, 3)
    if data_format == "channels_first":
        output_shape = (2, 4) + output_spatial
    else:
        output_shape = (2,) + output_spatial + (4,)
    actual = run(
        K,
        mode,
        lambda t: K.conv3d_transpose(
            t, as_input(K, kernel), output_shape, strides, padding, data_format
        ),
        to_format(x, data_format),
    )
    expected = conv_transpose_by_adjoint(x, kernel, output_spatial, strides, padding)
    assert_result(
        from_format(actual, data_format), expected, rtol=1e-4, atol=1e-4, dtype=K.floatx()
    )


def test_conv3d_transpose_takes_a_none_batch_from_x(K):
    x, kernel = floats(3, 2, 3, 2, 3), floats(2, 3, 2, 4, 3)
    holder = K.placeholder(shape=(None, 2, 3, 2, 3))
    output = K.conv3d_transpose(
        holder, as_input(K, kernel), (None, 4, 6, 4, 4), (2, 2, 2), "same", "channels_last"
    )
    actual = np.asarray(K.function([holder], [output])([x])[0])
    expected = conv_transpose_by_adjoint(x, kernel, (4, 6, 4), 2, "same")
    assert_result(actual, expected, rtol=1e-4, atol=1e-4)


# --- the guard ------------------------------------------------------------------------------


def _float_calls(K):
    """Calls passing a float where an integer is required, by id."""
    x2, x3 = K.variable(X2), K.variable(X3)
    image, sequence = K.variable(floats(1, 4, 4, 2)), K.variable(floats(1, 5, 2))
    volume = K.variable(floats(1, 2, 2, 2, 3))
    depthwise, pointwise = K.variable(floats(2, 2, 2, 1)), K.variable(floats(1, 2, 3))
    kernel3d = K.variable(floats(2, 2, 2, 4, 3))
    return {
        "repeat-n": lambda: K.repeat(x2, 2.0),
        "slice-start": lambda: K.slice(x3, [0.0, 1, 1], [1, 1, 1]),
        "slice-size": lambda: K.slice(x3, [0, 1, 1], [1, 1.0, 1]),
        "unstack-axis": lambda: K.unstack(x3, 1.0),
        "unstack-num": lambda: K.unstack(x3, 0, 3.0),
        "random_bernoulli-shape": lambda: K.random_bernoulli((2.0, 3), 0.5),
        "random_bernoulli-seed": lambda: K.random_bernoulli((2, 3), 0.5, seed=1.0),
        "depthwise_conv2d-strides": lambda: K.depthwise_conv2d(image, depthwise, (1.0, 1)),
        "depthwise_conv2d-dilation_rate": lambda: K.depthwise_conv2d(
            image, depthwise, dilation_rate=(2, 2.0)
        ),
        "separable_conv1d-strides": lambda: K.separable_conv1d(
            sequence, depthwise[0], pointwise, 1.0
        ),
        "separable_conv1d-dilation_rate": lambda: K.separable_conv1d(
            sequence, depthwise[0], pointwise, dilation_rate=2.0
        ),
        "conv3d_transpose-output_shape": lambda: K.conv3d_transpose(
            volume, kernel3d, (1, 3.0, 3, 3, 4)
        ),
        "conv3d_transpose-strides": lambda: K.conv3d_transpose(
            volume, kernel3d, (1, 3, 3, 3, 4), (1, 1.0, 1)
        ),
    }


FLOAT_CALLS = [
    "repeat-n",
    "slice-start",
    "slice-size",
    "unstack-axis",
    "unstack-num",
    "random_bernoulli-shape",
    "random_bernoulli-seed",
    "depthwise_conv2d-strides",
    "depthwise_conv2d-dilation_rate",
    "separable_conv1d-strides",
    "separable_conv1d-dilation_rate",
    "conv3d_transpose-output_shape",
    "conv3d_transpose-strides",
]


@pytest.mark.parametrize("case", FLOAT_CALLS)
def test_guard_refuses_a_float_integer(K, case):
    function_name, param_name = case.split("-")
    with pytest.raises(IntegerTypeError, match=param_name) as caught:
        _float_calls(K)[case]()
    assert caught.value.args[0].startswith("%s():" % function_name)
    assert "From R, write" in caught.value.args[0]


def test_every_integer_parameter_has_a_float_case():
    from kerasbridge.api import SPEC

    added = [
        "repeat",
        "slice",
        "unstack",
        "random_bernoulli",
        "depthwise_conv2d",
        "separable_conv1d",
        "conv3d_transpose",
    ]
    declared = {
        "%s-%s" % (name, param.name) for name in added for param in SPEC[name].integer_params
    }
    assert declared == set(FLOAT_CALLS)
