"""Conformance of convolution, pooling, padding and resizing against NumPy loop references,
in both image data formats. References work channels-last; channels-first inputs and
results are transposed around them.

Python 3.6-compatible and engine-agnostic: only K and NumPy.
"""

import itertools

import numpy as np
import pytest

from .conftest import evaluate
from .test_math import (
    MODES,
    as_input,
    assert_result,
    check_gradient,
    floats,
    run,
    skip_on_tf_keras,
)

FORMATS = ["channels_last", "channels_first"]


def to_format(x, data_format):
    """A channels-last array in the given data format."""
    if data_format == "channels_first":
        return np.moveaxis(x, -1, 1)
    return x


def from_format(x, data_format):
    if data_format == "channels_first":
        return np.moveaxis(x, 1, -1)
    return x


def tupled(value, count):
    return tuple(value) if isinstance(value, (tuple, list)) else (value,) * count


# --- references -----------------------------------------------------------------------------


def output_size(size, window, stride, padding):
    if padding == "same":
        return -(-size // stride)
    return (size - window) // stride + 1


def pad_before(size, window, stride, padding):
    """Zeros before the first entry for "same" padding (the smaller half, as TF and Keras)."""
    if padding != "same":
        return 0
    total = max((output_size(size, window, stride, padding) - 1) * stride + window - size, 0)
    return total // 2


def conv_reference(x, kernel, strides, padding, dilation):
    """N-D convolution (cross-correlation) of channels-last x with kernel (*taps, in, out)."""
    spatial = x.ndim - 2
    taps = kernel.shape[:spatial]
    strides, dilation = tupled(strides, spatial), tupled(dilation, spatial)
    reach = [(t - 1) * d + 1 for t, d in zip(taps, dilation)]
    sizes = x.shape[1:-1]
    outputs = [output_size(n, r, s, padding) for n, r, s in zip(sizes, reach, strides)]
    befores = [pad_before(n, r, s, padding) for n, r, s in zip(sizes, reach, strides)]
    result = np.zeros((x.shape[0],) + tuple(outputs) + (kernel.shape[-1],))
    for position in np.ndindex(*outputs):
        for tap in np.ndindex(*taps):
            index = [
                p * s + t * d - b
                for p, s, t, d, b in zip(position, strides, tap, dilation, befores)
            ]
            if all(0 <= i < n for i, n in zip(index, sizes)):
                result[(slice(None),) + position] += x[(slice(None),) + tuple(index)] @ kernel[tap]
    return result


def conv_transpose_reference(x, kernel, output_spatial, strides, padding, dilation):
    """The transpose of conv_reference: each input entry spreads kernel (*taps, out, in)."""
    strides, dilation = tupled(strides, 2), tupled(dilation, 2)
    taps = kernel.shape[:2]
    reach = [(t - 1) * d + 1 for t, d in zip(taps, dilation)]
    befores = [pad_before(n, r, s, padding) for n, r, s in zip(output_spatial, reach, strides)]
    result = np.zeros((x.shape[0],) + tuple(output_spatial) + (kernel.shape[2],))
    for position in np.ndindex(*x.shape[1:3]):
        for tap in np.ndindex(*taps):
            index = [
                p * s + t * d - b
                for p, s, t, d, b in zip(position, strides, tap, dilation, befores)
            ]
            if all(0 <= i < n for i, n in zip(index, output_spatial)):
                contribution = x[(slice(None),) + position] @ kernel[tap].T
                result[(slice(None),) + tuple(index)] += contribution
    return result


def pool_reference(x, window, strides, padding, mode):
    """Max or average pooling of channels-last x; padded entries never count."""
    spatial = x.ndim - 2
    window, strides = tupled(window, spatial), tupled(strides, spatial)
    sizes = x.shape[1:-1]
    outputs = [output_size(n, w, s, padding) for n, w, s in zip(sizes, window, strides)]
    befores = [pad_before(n, w, s, padding) for n, w, s in zip(sizes, window, strides)]
    result = np.zeros((x.shape[0],) + tuple(outputs) + (x.shape[-1],))
    for position in np.ndindex(*outputs):
        ranges = []
        for p, s, w, b, n in zip(position, strides, window, befores, sizes):
            start = p * s - b
            ranges.append(slice(max(start, 0), min(start + w, n)))
        block = x[(slice(None),) + tuple(ranges)]
        axes = tuple(range(1, spatial + 1))
        reduce = np.max if mode == "max" else np.mean
        result[(slice(None),) + position] = reduce(block, axis=axes)
    return result


def kernel_of_depthwise(depthwise):
    """A full convolution kernel equal to a depthwise one: channel c feeds outputs
    c * multiplier ... c * multiplier + multiplier - 1 only."""
    rows, cols, channels, multiplier = depthwise.shape
    full = np.zeros((rows, cols, channels, channels * multiplier))
    for c in range(channels):
        full[:, :, c, c * multiplier : (c + 1) * multiplier] = depthwise[:, :, c, :]
    return full


# --- convolutions ---------------------------------------------------------------------------

CONV2D = [
    ((1, 1), "valid", (1, 1)),
    ((1, 1), "same", (1, 1)),
    ((2, 2), "valid", (1, 1)),
    ((2, 1), "same", (1, 1)),
    ((1, 1), "valid", (2, 2)),
    ((1, 1), "same", (2, 1)),
]


def conv_id(case):
    strides, padding, dilation = case
    return "strides=%s-%s-dilation=%s" % (strides, padding, dilation)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("data_format", FORMATS)
@pytest.mark.parametrize("strides, padding, dilation", CONV2D, ids=[conv_id(c) for c in CONV2D])
def test_conv2d(K, mode, data_format, strides, padding, dilation):
    x, kernel = floats(2, 6, 7, 3), floats(3, 2, 3, 4)
    actual = run(
        K,
        mode,
        lambda t: K.conv2d(t, as_input(K, kernel), strides, padding, data_format, dilation),
        to_format(x, data_format),
    )
    expected = conv_reference(x.astype("float64"), kernel, strides, padding, dilation)
    assert_result(
        from_format(actual, data_format), expected, rtol=1e-4, atol=1e-4, dtype=K.floatx()
    )


CONV1D = [(1, "valid", 1), (2, "same", 1), (1, "valid", 2), (1, "same", 3)]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("data_format", FORMATS)
@pytest.mark.parametrize("strides, padding, dilation", CONV1D, ids=[conv_id(c) for c in CONV1D])
def test_conv1d(K, mode, data_format, strides, padding, dilation):
    x, kernel = floats(2, 9, 3), floats(3, 3, 2)
    actual = run(
        K,
        mode,
        lambda t: K.conv1d(t, as_input(K, kernel), strides, padding, data_format, dilation),
        to_format(x, data_format),
    )
    expected = conv_reference(x.astype("float64"), kernel, strides, padding, dilation)
    assert_result(from_format(actual, data_format), expected, rtol=1e-4, atol=1e-4)


def causal_reference(x, kernel, dilation):
    """Output t sees inputs t, t - dilation, ...: zeros are padded on the left only."""
    left = dilation * (kernel.shape[0] - 1)
    padded = np.pad(x, ((0, 0), (left, 0), (0, 0)), mode="constant")
    return conv_reference(padded, kernel, 1, "valid", dilation)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("dilation", [1, 2], ids=lambda d: "dilation=%d" % d)
def test_conv1d_causal(K, mode, dilation):
    x, kernel = floats(2, 9, 3), floats(3, 3, 2)
    actual = run(
        K,
        mode,
        lambda t: K.conv1d(t, as_input(K, kernel), 1, "causal", "channels_last", dilation),
        x,
    )
    expected = causal_reference(x.astype("float64"), kernel, dilation)
    assert actual.shape == (2, 9, 2)
    assert_result(actual, expected, rtol=1e-4, atol=1e-4)


def test_conv1d_causal_output_ignores_the_future(K):
    x, kernel = floats(1, 8, 1), floats(3, 1, 1)
    changed = x.copy()
    changed[0, 5:] += 10.0
    before = evaluate(K, K.conv1d(as_input(K, x), as_input(K, kernel), padding="causal"))
    after = evaluate(K, K.conv1d(as_input(K, changed), as_input(K, kernel), padding="causal"))
    assert_result(after[:, :5], before[:, :5], rtol=1e-6)
    assert np.all(np.abs(after[:, 5:] - before[:, 5:]) > 1e-3)


def test_conv1d_causal_channels_first(K, engine_id):
    skip_on_tf_keras(engine_id, 'causal padding with "channels_first"')
    x, kernel = floats(2, 9, 3), floats(3, 3, 2)
    actual = evaluate(
        K,
        K.conv1d(
            as_input(K, to_format(x, "channels_first")),
            as_input(K, kernel),
            1,
            "causal",
            "channels_first",
            2,
        ),
    )
    expected = causal_reference(x.astype("float64"), kernel, 2)
    assert_result(from_format(actual, "channels_first"), expected, rtol=1e-4, atol=1e-4)


CONV3D = [((1, 1, 1), "valid", 1), ((2, 1, 2), "same", 1), (1, "same", (1, 2, 1))]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("data_format", FORMATS)
@pytest.mark.parametrize("strides, padding, dilation", CONV3D, ids=[conv_id(c) for c in CONV3D])
def test_conv3d(K, mode, data_format, strides, padding, dilation):
    x, kernel = floats(2, 4, 5, 4, 2), floats(2, 3, 2, 2, 3)
    actual = run(
        K,
        mode,
        lambda t: K.conv3d(t, as_input(K, kernel), strides, padding, data_format, dilation),
        to_format(x, data_format),
    )
    expected = conv_reference(x.astype("float64"), kernel, strides, padding, dilation)
    assert_result(from_format(actual, data_format), expected, rtol=1e-4, atol=1e-4)


TRANSPOSES = [
    # (input rows, cols), output rows, cols, strides, padding, dilation
    ((3, 4), (5, 6), (1, 1), "valid", (1, 1)),
    ((3, 4), (6, 8), (2, 2), "same", (1, 1)),
    ((3, 4), (7, 9), (2, 2), "valid", (1, 1)),
    ((3, 4), (3, 8), (1, 2), "same", (1, 1)),
    ((3, 4), (7, 8), (1, 1), "valid", (2, 2)),
    ((3, 4), (9, 11), (2, 2), "valid", (2, 2)),
    ((3, 4), (6, 8), (2, 2), "same", (2, 1)),
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("data_format", FORMATS)
@pytest.mark.parametrize(
    "input_spatial, output_spatial, strides, padding, dilation",
    TRANSPOSES,
    ids=["%s->%s-%s" % (c[0], c[1], conv_id(c[2:])) for c in TRANSPOSES],
)
def test_conv2d_transpose(
    K, engine_id, mode, data_format, input_spatial, output_spatial, strides, padding, dilation
):
    if max(strides) > 1 and max(dilation) > 1:
        skip_on_tf_keras(engine_id, "conv2d_transpose with both strides and dilation")
    x, kernel = floats(2, input_spatial[0], input_spatial[1], 3), floats(3, 3, 4, 3)
    if data_format == "channels_first":
        output_shape = (2, 4) + output_spatial
    else:
        output_shape = (2,) + output_spatial + (4,)
    actual = run(
        K,
        mode,
        lambda t: K.conv2d_transpose(
            t, as_input(K, kernel), output_shape, strides, padding, data_format, dilation
        ),
        to_format(x, data_format),
    )
    expected = conv_transpose_reference(
        x.astype("float64"), kernel, output_spatial, strides, padding, dilation
    )
    assert_result(from_format(actual, data_format), expected, rtol=1e-4, atol=1e-4)


def test_conv2d_transpose_takes_a_none_batch_from_x(K):
    x, kernel = floats(3, 3, 4, 2), floats(2, 2, 5, 2)
    holder = K.placeholder(shape=(None, 3, 4, 2))
    output = K.conv2d_transpose(
        holder, as_input(K, kernel), (None, 6, 8, 5), (2, 2), "same", "channels_last"
    )
    actual = np.asarray(K.function([holder], [output])([x])[0])
    expected = conv_transpose_reference(x.astype("float64"), kernel, (6, 8), 2, "same", 1)
    assert_result(actual, expected, rtol=1e-4, atol=1e-4)


SEPARABLE = [
    ((1, 1), "valid", (1, 1)),
    ((2, 2), "same", (1, 1)),
    ((1, 1), "same", (2, 2)),
    ((2, 1), "same", (1, 1)),
    ((1, 3), "valid", (1, 1)),
    ((3, 2), "same", (1, 1)),
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("data_format", FORMATS)
@pytest.mark.parametrize(
    "strides, padding, dilation", SEPARABLE, ids=[conv_id(c) for c in SEPARABLE]
)
def test_separable_conv2d(K, engine_id, mode, data_format, strides, padding, dilation):
    if strides[0] != strides[1]:
        skip_on_tf_keras(engine_id, "separable_conv2d with unequal strides")
    x = floats(2, 6, 5, 3)
    depthwise, pointwise = floats(3, 3, 3, 2), floats(1, 1, 6, 4)
    actual = run(
        K,
        mode,
        lambda t: K.separable_conv2d(
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
    spread = conv_reference(
        x.astype("float64"), kernel_of_depthwise(depthwise), strides, padding, dilation
    )
    expected = conv_reference(spread, pointwise, 1, "valid", 1)
    assert_result(from_format(actual, data_format), expected, rtol=1e-4, atol=1e-4)


# --- locally connected ----------------------------------------------------------------------


def local_reference(x, kernel, kernel_size, strides, output_shape, data_format):
    """Each output position p (row-major) has weights kernel[p]; a patch is flattened in the
    input's own layout (channels last: taps then channel; channels first: channel then taps)."""
    result = np.zeros((x.shape[0],) + tuple(output_shape) + (kernel.shape[-1],))
    for number, position in enumerate(itertools.product(*[range(n) for n in output_shape])):
        window = tuple(slice(p * s, p * s + k) for p, s, k in zip(position, strides, kernel_size))
        if data_format == "channels_first":
            patch = x[(slice(None), slice(None)) + window]
        else:
            patch = x[(slice(None),) + window]
        result[(slice(None),) + position] = patch.reshape(len(x), -1) @ kernel[number]
    return to_format(result, data_format)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("data_format", FORMATS)
@pytest.mark.parametrize("strides", [1, 2], ids=lambda s: "strides=%d" % s)
def test_local_conv1d(K, mode, data_format, strides):
    x = floats(2, 7, 3)
    length = (7 - 3) // strides + 1
    kernel = floats(length, 3 * 3, 4)
    actual = run(
        K,
        mode,
        lambda t: K.local_conv1d(t, as_input(K, kernel), (3,), (strides,), data_format),
        to_format(x, data_format),
    )
    expected = local_reference(
        to_format(x, data_format).astype("float64"),
        kernel,
        (3,),
        (strides,),
        (length,),
        data_format,
    )
    assert_result(actual, expected, rtol=1e-4, atol=1e-4, dtype=K.floatx())


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("data_format", FORMATS)
@pytest.mark.parametrize("strides", [(1, 1), (2, 1)], ids=lambda s: "strides=%s" % (s,))
def test_local_conv2d(K, mode, data_format, strides):
    x = floats(2, 5, 4, 3)
    output_shape = ((5 - 2) // strides[0] + 1, (4 - 2) // strides[1] + 1)
    kernel = floats(output_shape[0] * output_shape[1], 2 * 2 * 3, 4)
    actual = run(
        K,
        mode,
        lambda t: K.local_conv2d(
            t, as_input(K, kernel), (2, 2), strides, output_shape, data_format
        ),
        to_format(x, data_format),
    )
    expected = local_reference(
        to_format(x, data_format).astype("float64"),
        kernel,
        (2, 2),
        strides,
        output_shape,
        data_format,
    )
    assert_result(actual, expected, rtol=1e-4, atol=1e-4)


def test_local_conv2d_with_shared_weights_is_conv2d(K):
    """An independent check: the same weights at every position give a valid convolution."""
    x, weights = floats(2, 5, 4, 3), floats(2, 2, 3, 4)
    positions = 4 * 3
    kernel = np.tile(weights.reshape(1, 2 * 2 * 3, 4), (positions, 1, 1))
    actual = evaluate(
        K,
        K.local_conv2d(
            as_input(K, x), as_input(K, kernel), (2, 2), (1, 1), (4, 3), "channels_last"
        ),
    )
    assert_result(
        actual, conv_reference(x.astype("float64"), weights, 1, "valid", 1), rtol=1e-4, atol=1e-4
    )


# --- pooling --------------------------------------------------------------------------------

POOLS = [
    ((2, 2), (2, 2), "valid"),
    ((3, 3), (1, 1), "same"),
    ((2, 3), (2, 2), "same"),
    ((3, 2), (1, 2), "valid"),
]


def pool_id(case):
    return "pool=%s-strides=%s-%s" % case


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("data_format", FORMATS)
@pytest.mark.parametrize("pool_mode", ["max", "avg"])
@pytest.mark.parametrize("pool_size, strides, padding", POOLS, ids=[pool_id(c) for c in POOLS])
def test_pool2d(K, mode, data_format, pool_mode, pool_size, strides, padding):
    x = floats(2, 5, 7, 3)
    actual = run(
        K,
        mode,
        lambda t: K.pool2d(t, pool_size, strides, padding, data_format, pool_mode),
        to_format(x, data_format),
    )
    expected = pool_reference(x.astype("float64"), pool_size, strides, padding, pool_mode)
    assert_result(
        from_format(actual, data_format), expected, rtol=1e-5, atol=1e-6, dtype=K.floatx()
    )


POOLS_3D = [((2, 2, 2), (2, 2, 2), "valid"), ((3, 2, 2), (1, 2, 1), "same")]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("data_format", FORMATS)
@pytest.mark.parametrize("pool_mode", ["max", "avg"])
@pytest.mark.parametrize(
    "pool_size, strides, padding", POOLS_3D, ids=[pool_id(c) for c in POOLS_3D]
)
def test_pool3d(K, mode, data_format, pool_mode, pool_size, strides, padding):
    x = floats(2, 4, 5, 4, 2)
    actual = run(
        K,
        mode,
        lambda t: K.pool3d(t, pool_size, strides, padding, data_format, pool_mode),
        to_format(x, data_format),
    )
    expected = pool_reference(x.astype("float64"), pool_size, strides, padding, pool_mode)
    assert_result(from_format(actual, data_format), expected, rtol=1e-5, atol=1e-6)


# --- padding and resizing -------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("padding", [(1, 1), (2, 0), (0, 3)], ids=lambda p: "padding=%s" % (p,))
def test_temporal_padding(K, mode, padding):
    x = floats(2, 4, 3)
    actual = run(K, mode, lambda t: K.temporal_padding(t, padding), x)
    assert_result(actual, np.pad(x, ((0, 0), padding, (0, 0)), mode="constant"), dtype=K.floatx())


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("data_format", FORMATS)
@pytest.mark.parametrize(
    "padding", [((1, 1), (1, 1)), ((2, 0), (1, 3))], ids=lambda p: "padding=%s" % (p,)
)
def test_spatial_2d_padding(K, mode, data_format, padding):
    x = floats(2, 3, 4, 2)
    actual = run(
        K, mode, lambda t: K.spatial_2d_padding(t, padding, data_format), to_format(x, data_format)
    )
    expected = np.pad(x, ((0, 0),) + padding + ((0, 0),), mode="constant")
    assert_result(from_format(actual, data_format), expected)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("data_format", FORMATS)
@pytest.mark.parametrize(
    "padding",
    [((1, 1), (1, 1), (1, 1)), ((0, 2), (1, 0), (3, 1))],
    ids=lambda p: "padding=%s" % (p,),
)
def test_spatial_3d_padding(K, mode, data_format, padding):
    x = floats(2, 2, 3, 2, 2)
    actual = run(
        K, mode, lambda t: K.spatial_3d_padding(t, padding, data_format), to_format(x, data_format)
    )
    expected = np.pad(x, ((0, 0),) + padding + ((0, 0),), mode="constant")
    assert_result(from_format(actual, data_format), expected)


def bilinear_along(x, axis, factor):
    """Half-pixel-centre linear upsampling along one axis (TensorFlow 2's resize)."""
    size = x.shape[axis]
    source = np.clip((np.arange(size * factor) + 0.5) / factor - 0.5, 0, size - 1)
    low = np.floor(source).astype(int)
    high = np.minimum(low + 1, size - 1)
    weight_shape = [1] * x.ndim
    weight_shape[axis] = -1
    weight = (source - low).reshape(weight_shape)
    return np.take(x, low, axis=axis) * (1 - weight) + np.take(x, high, axis=axis) * weight


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("data_format", FORMATS)
@pytest.mark.parametrize("interpolation", ["nearest", "bilinear"])
@pytest.mark.parametrize("factors", [(2, 2), (3, 1), (1, 2)], ids=lambda f: "factors=%s" % (f,))
def test_resize_images(K, mode, data_format, interpolation, factors):
    x = floats(2, 3, 4, 2)
    actual = run(
        K,
        mode,
        lambda t: K.resize_images(t, factors[0], factors[1], data_format, interpolation),
        to_format(x, data_format),
    )
    if interpolation == "nearest":
        expected = np.repeat(np.repeat(x, factors[0], axis=1), factors[1], axis=2)
    else:
        expected = bilinear_along(bilinear_along(x.astype("float64"), 1, factors[0]), 2, factors[1])
    assert_result(
        from_format(actual, data_format), expected, rtol=1e-5, atol=1e-5, dtype=K.floatx()
    )


def test_resize_images_keeps_the_static_shape(K):
    for interpolation in ("nearest", "bilinear"):
        resized = K.resize_images(
            K.placeholder(shape=(None, 3, 4, 2)), 2, 3, "channels_last", interpolation
        )
        assert K.int_shape(resized) == (None, 6, 12, 2), interpolation


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("data_format", FORMATS)
def test_resize_volumes(K, mode, data_format):
    x = floats(2, 2, 3, 2, 2)
    actual = run(
        K, mode, lambda t: K.resize_volumes(t, 2, 1, 3, data_format), to_format(x, data_format)
    )
    expected = np.repeat(np.repeat(x, 2, axis=1), 3, axis=3)
    assert_result(from_format(actual, data_format), expected)


# --- data_format=None follows the setting ---------------------------------------------------


def test_convolution_and_pooling_follow_the_image_data_format_setting(K):
    x, kernel = floats(2, 5, 6, 3), floats(3, 3, 3, 4)
    previous = K.image_data_format()
    K.set_image_data_format("channels_first")
    try:
        convolved = evaluate(
            K, K.conv2d(as_input(K, to_format(x, "channels_first")), as_input(K, kernel))
        )
        pooled = evaluate(K, K.pool2d(as_input(K, to_format(x, "channels_first")), (2, 2)))
    finally:
        K.set_image_data_format(previous)
    assert_result(
        from_format(convolved, "channels_first"),
        conv_reference(x.astype("float64"), kernel, 1, "valid", 1),
        rtol=1e-4,
        atol=1e-4,
    )
    assert_result(
        from_format(pooled, "channels_first"), pool_reference(x, (2, 2), (1, 1), "valid", "max")
    )


# --- errors ---------------------------------------------------------------------------------


def bad_calls(K):
    x4, kernel = floats(1, 4, 4, 2), floats(2, 2, 2, 1)
    return {
        "conv2d-data_format": lambda: K.conv2d(
            as_input(K, x4), as_input(K, kernel), data_format="channels_middle"
        ),
        "conv2d-padding": lambda: K.conv2d(as_input(K, x4), as_input(K, kernel), padding="full"),
        "conv1d-padding": lambda: K.conv1d(
            as_input(K, floats(1, 4, 2)), as_input(K, floats(2, 2, 1)), padding="full"
        ),
        "pool2d-pool_mode": lambda: K.pool2d(as_input(K, x4), (2, 2), pool_mode="median"),
        "pool2d-padding": lambda: K.pool2d(as_input(K, x4), (2, 2), padding="full"),
        "pool3d-data_format": lambda: K.pool3d(
            as_input(K, floats(1, 2, 2, 2, 1)), (1, 1, 1), data_format="channels_middle"
        ),
        "resize_images-interpolation": lambda: K.resize_images(
            as_input(K, x4), 2, 2, "channels_last", "cubicish"
        ),
        "spatial_2d_padding-data_format": lambda: K.spatial_2d_padding(
            as_input(K, x4), data_format="channels_middle"
        ),
    }


BAD_CALLS = {
    "conv2d-data_format": "channels_middle",
    "conv2d-padding": "full",
    "conv1d-padding": "full",
    "pool2d-pool_mode": "median",
    "pool2d-padding": "full",
    "pool3d-data_format": "channels_middle",
    "resize_images-interpolation": "cubicish",
    "spatial_2d_padding-data_format": "channels_middle",
}


@pytest.mark.parametrize("case", sorted(BAD_CALLS))
def test_a_bad_option_is_refused_naming_what_was_received(K, case):
    with pytest.raises(ValueError, match=BAD_CALLS[case]):
        bad_calls(K)[case]()


def test_a_bad_option_message_says_what_is_expected(K):
    # The guard checks the choices (the spec's), so every implementation says the same.
    x4 = as_input(K, floats(1, 4, 4, 2))
    with pytest.raises(ValueError, match='one of "max", "avg"'):
        K.pool2d(x4, (2, 2), pool_mode="median")
    with pytest.raises(ValueError, match='"valid", "same"'):
        K.conv2d(x4, as_input(K, floats(2, 2, 2, 1)), padding="full")
    with pytest.raises(ValueError, match="channels_last"):
        K.conv2d(x4, as_input(K, floats(2, 2, 2, 1)), data_format="channels_middle")


# --- gradients ------------------------------------------------------------------------------

GRADIENTS = [
    (
        "conv2d-same-strides2",
        lambda K: lambda t: K.conv2d(t, K.variable(floats(3, 3, 2, 2)), (2, 2), "same"),
    ),
    (
        "conv2d_transpose",
        lambda K: (
            lambda t: K.conv2d_transpose(
                t, K.variable(floats(3, 3, 2, 2)), (2, 8, 8, 2), (2, 2), "same"
            )
        ),
    ),
    ("pool2d-avg", lambda K: lambda t: K.pool2d(t, (2, 2), (1, 1), "same", pool_mode="avg")),
    (
        "resize_images-bilinear",
        lambda K: lambda t: K.resize_images(t, 2, 2, "channels_last", "bilinear"),
    ),
    (
        "local_conv2d",
        lambda K: (
            lambda t: K.local_conv2d(t, K.variable(floats(9, 2 * 2 * 2, 3)), (2, 2), (1, 1), (3, 3))
        ),
    ),
]


@pytest.mark.parametrize("name, make_op", GRADIENTS, ids=[g[0] for g in GRADIENTS])
def test_gradient_matches_finite_differences(K, name, make_op):
    check_gradient(K, make_op(K), floats(2, 4, 4, 2).astype(K.floatx()))


# --- other inputs ---------------------------------------------------------------------------

UNKNOWN_SHAPE_OPS = [
    (
        "conv2d",
        lambda K, k: lambda t: K.conv2d(t, k, (1, 1), "same"),
        lambda x, k: conv_reference(x, k, 1, "same", 1),
    ),
    (
        "pool2d",
        lambda K, k: lambda t: K.pool2d(t, (2, 2), (2, 2)),
        lambda x, k: pool_reference(x, (2, 2), (2, 2), "valid", "max"),
    ),
    (
        "resize_images-bilinear",
        lambda K, k: lambda t: K.resize_images(t, 2, 2, "channels_last", "bilinear"),
        lambda x, k: bilinear_along(bilinear_along(x, 1, 2), 2, 2),
    ),
    (
        "spatial_2d_padding",
        lambda K, k: K.spatial_2d_padding,
        lambda x, k: np.pad(x, ((0, 0), (1, 1), (1, 1), (0, 0)), mode="constant"),
    ),
]


@pytest.mark.parametrize(
    "name, make_op, reference", UNKNOWN_SHAPE_OPS, ids=[c[0] for c in UNKNOWN_SHAPE_OPS]
)
def test_images_of_unknown_size(K, name, make_op, reference):
    """Fully convolutional use: batch, rows, cols and channels all None in the placeholder."""
    x, kernel = floats(2, 5, 6, 3), floats(3, 3, 3, 4)
    actual = run(K, "symbolic", make_op(K, as_input(K, kernel)), x, all_none=True)
    assert_result(actual, reference(x.astype("float64"), kernel), rtol=1e-4, atol=1e-4)


def test_conv2d_of_a_float64_array_takes_the_kernel_dtype(K, engine_id):
    """R arrays arrive as float64 NumPy arrays; with a floatx kernel they just work."""
    skip_on_tf_keras(engine_id, "float64 arrays convolved with float32 kernels")
    x, kernel = floats(2, 5, 6, 3).astype("float64"), floats(3, 3, 3, 4)
    actual = evaluate(K, K.conv2d(x, K.variable(kernel)))
    assert_result(
        actual, conv_reference(x, kernel, 1, "valid", 1), rtol=1e-4, atol=1e-4, dtype=K.floatx()
    )
