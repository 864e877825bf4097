"""Neural-network ops on JAX: activations, losses, normalization, convolution, pooling,
padding and resizing, with Keras 2 semantics in both image data formats.

lax's convolutions and reductions take the layout as dimension numbers, so channels-first
inputs need no transposes. Kernel layouts are Keras 2's and do not depend on the data format.
"""

import itertools

import jax
import jax.numpy as jnp
import numpy as np

from .. import arithmetic
from ..arithmetic import int_tuple
from ..common import epsilon, normalize_data_format
from . import _graph as G
from ._values import floatx, to_array, to_arrays
from .random import key_of, source_of

CHANNELS_FIRST = "channels_first"


# --- activations ----------------------------------------------------------------------------


@G.op
def relu(x, alpha=0.0, max_value=None, threshold=0.0):
    x = to_array(x)
    kept = jnp.where(x > threshold, x, jnp.zeros_like(x))
    if max_value is not None:
        kept = jnp.clip(kept, 0, max_value)
    if isinstance(alpha, (int, float)) and alpha == 0:
        return kept
    return kept + alpha * jnp.minimum(x - threshold, 0)


@G.op
def elu(x, alpha=1.0):
    x = to_array(x)
    return jnp.where(x > 0, x, alpha * jnp.expm1(jnp.minimum(x, 0)))


@G.op
def softmax(x, axis=-1):
    return jax.nn.softmax(to_array(x), axis=axis)


@G.op
def softplus(x):
    return jax.nn.softplus(to_array(x))


@G.op
def softsign(x):
    x = to_array(x)
    return x / (jnp.abs(x) + 1)


@G.op
def sigmoid(x):
    return jax.nn.sigmoid(to_array(x))


@G.op
def hard_sigmoid(x):
    x = to_array(x)
    return jnp.clip(0.2 * x + 0.5, 0, 1)


# --- losses ---------------------------------------------------------------------------------


def _clip_probabilities(output):
    fuzz = epsilon()
    return jnp.clip(output, fuzz, 1 - fuzz)


@G.op
def binary_crossentropy(target, output, from_logits=False):
    output, target = to_arrays(output, target)
    target = target.astype(output.dtype)
    if not from_logits:
        probability = _clip_probabilities(output)
        output = jnp.log(probability / (1 - probability))  # back to logits, stably
    # TensorFlow's sigmoid_cross_entropy_with_logits, in its stable form.
    return jnp.maximum(output, 0) - output * target + jnp.log1p(jnp.exp(-jnp.abs(output)))


@G.op
def categorical_crossentropy(target, output, from_logits=False, axis=-1):
    output, target = to_arrays(output, target)
    axis = _class_axis("categorical_crossentropy", output, axis)
    target = target.astype(output.dtype)
    if from_logits:
        return -jnp.sum(target * jax.nn.log_softmax(output, axis=axis), axis)
    output = output / jnp.sum(output, axis, keepdims=True)
    return -jnp.sum(target * jnp.log(_clip_probabilities(output)), axis)


@G.op
def sparse_categorical_crossentropy(target, output, from_logits=False, axis=-1):
    output = to_array(output)
    axis = _class_axis("sparse_categorical_crossentropy", output, axis)
    output = jnp.moveaxis(output, axis, -1)  # classes last
    if not from_logits:
        output = jnp.log(_clip_probabilities(output))  # softmax of log p renormalizes p
    labels = jnp.reshape(to_array(target).astype("int32"), output.shape[:-1])
    log_probabilities = jax.nn.log_softmax(output, axis=-1)
    return -jnp.take_along_axis(log_probabilities, labels[..., None], axis=-1)[..., 0]


def _class_axis(function_name, output, axis):
    rank = output.ndim
    if not -rank <= axis < rank:
        raise ValueError(
            "%s(): axis must be an axis of output (rank %d): between %d and %d, got %d."
            % (function_name, rank, -rank, rank - 1, axis)
        )
    return axis % rank


# --- normalization and selection ------------------------------------------------------------


@G.op
def l2_normalize(x, axis=None):
    x = to_array(x)
    axis = tuple(axis) if isinstance(axis, (list, tuple)) else axis
    squares = jnp.sum(jnp.square(x), axis=axis, keepdims=True)
    return x * jax.lax.rsqrt(jnp.maximum(squares, jnp.asarray(1e-12, x.dtype)))


@G.op
def in_top_k(predictions, targets, k):
    # Ties with the k-th largest prediction count as in, as TensorFlow's kernel.
    predictions = to_array(predictions).astype("float32")
    targets = jnp.reshape(to_array(targets).astype("int32"), (-1,))
    kth = jax.lax.top_k(predictions, k)[0][:, -1]
    chosen = jnp.take_along_axis(predictions, targets[:, None], axis=1)[:, 0]
    return chosen >= kth


def dropout(x, level, noise_shape=None, seed=None):
    if not G._is_tensor(level) and not hasattr(level, "shape") and not 0 <= level < 1:
        raise ValueError(
            "dropout(): level is the fraction of entries to drop and must be in [0, 1), "
            "got %r." % (level,)
        )
    return _dropout(x, level, noise_shape, source_of(seed))


@G.op
def _dropout(x, level, noise_shape, source):
    x = to_array(x)
    if noise_shape is None:
        shape = x.shape
    else:
        shape = tuple(x.shape[i] if d is None else int(d) for i, d in enumerate(noise_shape))
    uniform = jax.random.uniform(key_of(source), shape, x.dtype)
    keep = uniform >= level
    return jnp.where(keep, x / (1 - jnp.asarray(level, x.dtype)), jnp.zeros((), x.dtype))


@G.op
def batch_normalization(x, mean, var, beta, gamma, axis=-1, epsilon=0.001):
    x = to_array(x)
    mean, var, beta, gamma = (_along_axis(p, x, axis) for p in (mean, var, beta, gamma))
    inverse = jax.lax.rsqrt(var + jnp.asarray(epsilon, x.dtype))
    if gamma is not None:
        inverse = inverse * gamma
    shift = -mean * inverse if beta is None else beta - mean * inverse
    return x * inverse + shift


@G.op
def normalize_batch_in_training(x, gamma, beta, reduction_axes, epsilon=0.001):
    x = to_array(x)
    axes = arithmetic.reduction_axes(reduction_axes, x.ndim)
    axes = tuple(sorted(a % x.ndim for a in axes))
    mean = jnp.mean(x, axis=axes, keepdims=True)
    variance = jnp.mean(jnp.square(x - mean), axis=axes, keepdims=True)
    gamma, beta = (_broadcastable(p, mean) for p in (gamma, beta))
    inverse = jax.lax.rsqrt(variance + jnp.asarray(epsilon, x.dtype))
    if gamma is not None:
        inverse = inverse * gamma
    shift = -mean * inverse if beta is None else beta - mean * inverse
    normalized = x * inverse + shift
    return normalized, jnp.squeeze(mean, axes), jnp.squeeze(variance, axes)


def _along_axis(parameter, x, axis):
    """A 1D parameter reshaped to broadcast along ``axis`` of x; others as given."""
    if parameter is None:
        return None
    parameter = to_array(parameter, x.dtype)
    rank = x.ndim
    if parameter.ndim != 1 or rank < 2 or axis % rank == rank - 1:
        return parameter
    shape = [1] * rank
    shape[axis % rank] = -1
    return jnp.reshape(parameter, shape)


def _broadcastable(parameter, statistics):
    if parameter is None:
        return None
    parameter = to_array(parameter, statistics.dtype)
    if parameter.ndim == statistics.ndim:
        return parameter
    return jnp.reshape(parameter, statistics.shape)


@G.op
def bias_add(x, bias, data_format=None):
    data_format = normalize_data_format(data_format)
    x, bias = to_arrays(x, bias)
    rank, bias_rank = x.ndim, bias.ndim
    if bias_rank not in (1, rank - 1):
        raise ValueError(
            "bias_add(): bias must have 1 or %d axes for an input of rank %d, got shape %s."
            % (rank - 1, rank, bias.shape)
        )
    if data_format == CHANNELS_FIRST and rank > 2:
        if bias_rank == 1:
            bias = jnp.reshape(bias, (-1,) + (1,) * (rank - 2))
        else:
            bias = jnp.reshape(bias, (1, bias.shape[-1]) + tuple(bias.shape[:-1]))
    return x + bias


# --- argument checks ------------------------------------------------------------------------


def _check_rank(function_name, x, rank, data_format, spatial):
    if x.ndim != rank:
        names = {1: "steps", 2: "rows, cols", 3: "depth, rows, cols"}[spatial]
        layout = (
            "batch, channels, %s" % names
            if data_format == CHANNELS_FIRST
            else "batch, %s, channels" % names
        )
        raise ValueError(
            "%s(): x must be a %dD tensor (%s), got shape %s."
            % (function_name, rank, layout, tuple(x.shape))
        )


_SPATIAL_NAMES = {1: "W", 2: "HW", 3: "DHW"}


def _dimension_numbers(data_format, spatial):
    names = _SPATIAL_NAMES[spatial]
    image = "NC" + names if data_format == CHANNELS_FIRST else "N" + names + "C"
    return (image, names + "IO", image)


def _spatial_axes(data_format, spatial):
    first = 2 if data_format == CHANNELS_FIRST else 1
    return tuple(range(first, first + spatial))


def _padding_mode(padding):
    return padding.upper()


# --- convolution ----------------------------------------------------------------------------


def _convolve(x, kernel, strides, padding, dilation, data_format, spatial, groups=1):
    channel_axis = 1 if data_format == CHANNELS_FIRST else x.ndim - 1
    if G.in_shape_inference() and not isinstance(x.shape[channel_axis], int):
        # Unknown channels (a fully convolutional placeholder): the kernel tells them.
        shape = list(x.shape)
        shape[channel_axis] = kernel.shape[-2] * groups
        x = jnp.zeros(shape, x.dtype)
    return jax.lax.conv_general_dilated(
        x,
        kernel,
        window_strides=strides,
        padding=_padding_mode(padding),
        rhs_dilation=dilation,
        dimension_numbers=_dimension_numbers(data_format, spatial),
        feature_group_count=groups,
    )


def _convolution(function_name, x, kernel, strides, padding, data_format, dilation_rate, spatial):
    data_format = normalize_data_format(data_format)
    x, kernel = to_arrays(x, kernel)
    _check_rank(function_name, x, spatial + 2, data_format, spatial)
    strides = int_tuple(strides, spatial, function_name, "strides")
    dilation = int_tuple(dilation_rate, spatial, function_name, "dilation_rate")
    return _convolve(x, kernel, strides, padding, dilation, data_format, spatial)


@G.op
def conv1d(x, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1):
    if padding == "causal":
        # Pad the past only, so output t sees inputs up to t; works in both data formats.
        data_format = normalize_data_format(data_format)
        x, kernel = to_arrays(x, kernel)
        (dilation,) = int_tuple(dilation_rate, 1, "conv1d", "dilation_rate")
        left = dilation * (kernel.shape[0] - 1)
        pattern = [(0, 0), (0, 0), (0, 0)]
        pattern[2 if data_format == CHANNELS_FIRST else 1] = (left, 0)
        x, padding = jnp.pad(x, pattern), "valid"
    return _convolution("conv1d", x, kernel, strides, padding, data_format, dilation_rate, 1)


@G.op
def conv2d(x, kernel, strides=(1, 1), padding="valid", data_format=None, dilation_rate=(1, 1)):
    return _convolution("conv2d", x, kernel, strides, padding, data_format, dilation_rate, 2)


@G.op
def conv3d(
    x, kernel, strides=(1, 1, 1), padding="valid", data_format=None, dilation_rate=(1, 1, 1)
):
    return _convolution("conv3d", x, kernel, strides, padding, data_format, dilation_rate, 3)


def _transposed(function_name, x, kernel, output_shape, strides, padding, data_format, dilation):
    """The transpose (adjoint) of the convolution from output_shape-sized inputs to x's
    shape, as TensorFlow defines conv2d_transpose; kernel is (spatial..., out, in)."""
    spatial = x.ndim - 2
    output_shape = list(G.sizes_of(output_shape) if _is_shape(output_shape) else output_shape)
    if len(output_shape) != spatial + 2:
        raise ValueError(
            "%s(): output_shape must have %d entries (batch first, in the data format's "
            "layout), got %r." % (function_name, spatial + 2, output_shape)
        )
    output_shape[0] = x.shape[0]  # a None batch is x's; another one must equal it anyway

    def forward(y):
        return _convolve(y, kernel, strides, padding, dilation, data_format, spatial)

    source = jax.ShapeDtypeStruct(tuple(output_shape), x.dtype)
    (result,) = jax.linear_transpose(forward, source)(x)
    return result


def _is_shape(value):
    return isinstance(value, G.ShapeOf) or (hasattr(value, "shape") and np.ndim(value) == 1)


def conv2d_transpose(
    x, kernel, output_shape, strides=(1, 1), padding="valid", data_format=None, dilation_rate=(1, 1)
):
    return _conv2d_transpose(
        x,
        kernel,
        G.static_shape_argument(output_shape),
        strides,
        padding,
        data_format,
        dilation_rate,
    )


@G.op
def _conv2d_transpose(x, kernel, output_shape, strides, padding, data_format, dilation_rate):
    data_format = normalize_data_format(data_format)
    x, kernel = to_arrays(x, kernel)
    _check_rank("conv2d_transpose", x, 4, data_format, 2)
    strides = int_tuple(strides, 2, "conv2d_transpose", "strides")
    dilation = int_tuple(dilation_rate, 2, "conv2d_transpose", "dilation_rate")
    return _transposed(
        "conv2d_transpose", x, kernel, output_shape, strides, padding, data_format, dilation
    )


def conv3d_transpose(x, kernel, output_shape, strides=(1, 1, 1), padding="valid", data_format=None):
    return _conv3d_transpose(
        x, kernel, G.static_shape_argument(output_shape), strides, padding, data_format
    )


@G.op
def _conv3d_transpose(x, kernel, output_shape, strides, padding, data_format):
    data_format = normalize_data_format(data_format)
    x, kernel = to_arrays(x, kernel)
    _check_rank("conv3d_transpose", x, 5, data_format, 3)
    strides = int_tuple(strides, 3, "conv3d_transpose", "strides")
    return _transposed(
        "conv3d_transpose", x, kernel, output_shape, strides, padding, data_format, (1, 1, 1)
    )


def _depthwise(x, depthwise_kernel, strides, padding, dilation, data_format, spatial):
    """Channel c convolved with depthwise_kernel[..., c, m] into output channel
    c * multiplier + m: a grouped convolution with one group per input channel."""
    channels, multiplier = depthwise_kernel.shape[-2:]
    kernel = jnp.reshape(depthwise_kernel, depthwise_kernel.shape[:-2] + (1, channels * multiplier))
    return _convolve(x, kernel, strides, padding, dilation, data_format, spatial, groups=channels)


@G.op
def depthwise_conv2d(
    x, depthwise_kernel, strides=(1, 1), padding="valid", data_format=None, dilation_rate=(1, 1)
):
    data_format = normalize_data_format(data_format)
    x, depthwise_kernel = to_arrays(x, depthwise_kernel)
    _check_rank("depthwise_conv2d", x, 4, data_format, 2)
    strides = int_tuple(strides, 2, "depthwise_conv2d", "strides")
    dilation = int_tuple(dilation_rate, 2, "depthwise_conv2d", "dilation_rate")
    return _depthwise(x, depthwise_kernel, strides, padding, dilation, data_format, 2)


def _separable(
    function_name,
    x,
    depthwise_kernel,
    pointwise_kernel,
    strides,
    padding,
    data_format,
    dilation_rate,
    spatial,
):
    data_format = normalize_data_format(data_format)
    x, depthwise_kernel, pointwise_kernel = to_arrays(x, depthwise_kernel, pointwise_kernel)
    _check_rank(function_name, x, spatial + 2, data_format, spatial)
    strides = int_tuple(strides, spatial, function_name, "strides")
    dilation = int_tuple(dilation_rate, spatial, function_name, "dilation_rate")
    depthwise = _depthwise(x, depthwise_kernel, strides, padding, dilation, data_format, spatial)
    ones = (1,) * spatial
    return _convolve(depthwise, pointwise_kernel, ones, "valid", ones, data_format, spatial)


@G.op
def separable_conv2d(
    x,
    depthwise_kernel,
    pointwise_kernel,
    strides=(1, 1),
    padding="valid",
    data_format=None,
    dilation_rate=(1, 1),
):
    return _separable(
        "separable_conv2d",
        x,
        depthwise_kernel,
        pointwise_kernel,
        strides,
        padding,
        data_format,
        dilation_rate,
        2,
    )


@G.op
def separable_conv1d(
    x,
    depthwise_kernel,
    pointwise_kernel,
    strides=1,
    padding="valid",
    data_format=None,
    dilation_rate=1,
):
    return _separable(
        "separable_conv1d",
        x,
        depthwise_kernel,
        pointwise_kernel,
        strides,
        padding,
        data_format,
        dilation_rate,
        1,
    )


@G.op
def local_conv1d(inputs, kernel, kernel_size, strides, data_format=None):
    output_length = to_array(kernel).shape[0]
    return _local_convolution(
        "local_conv1d", inputs, kernel, kernel_size, strides, (output_length,), data_format
    )


@G.op
def local_conv2d(inputs, kernel, kernel_size, strides, output_shape, data_format=None):
    return _local_convolution(
        "local_conv2d", inputs, kernel, kernel_size, strides, tuple(output_shape), data_format
    )


def _local_convolution(
    function_name, inputs, kernel, kernel_size, strides, output_shape, data_format
):
    """Each output position has its own weights: kernel is (positions, features, filters),
    positions in row-major order, features a patch flattened in the input's own layout."""
    data_format = normalize_data_format(data_format)
    inputs, kernel = to_arrays(inputs, kernel)
    spatial = len(output_shape)
    _check_rank(function_name, inputs, spatial + 2, data_format, spatial)
    kernel_size = int_tuple(kernel_size, spatial, function_name, "kernel_size")
    strides = int_tuple(strides, spatial, function_name, "strides")
    features = kernel.shape[1]
    patches = [
        jnp.reshape(_patch(inputs, position, kernel_size, strides, data_format), (-1, features))
        for position in itertools.product(*(range(n) for n in output_shape))
    ]
    outputs = jnp.matmul(jnp.stack(patches), kernel)  # (positions, batch, filters)
    outputs = jnp.reshape(outputs, tuple(output_shape) + (-1, kernel.shape[-1]))
    if data_format == CHANNELS_FIRST:
        order = [spatial, spatial + 1] + list(range(spatial))
    else:
        order = [spatial] + list(range(spatial)) + [spatial + 1]
    return jnp.transpose(outputs, order)


def _patch(inputs, position, kernel_size, strides, data_format):
    window = [slice(p * s, p * s + k) for p, s, k in zip(position, strides, kernel_size)]
    if data_format == CHANNELS_FIRST:
        return inputs[tuple([slice(None), slice(None)] + window)]
    return inputs[tuple([slice(None)] + window + [slice(None)])]


# --- pooling --------------------------------------------------------------------------------


@G.op
def pool2d(x, pool_size, strides=(1, 1), padding="valid", data_format=None, pool_mode="max"):
    return _pool("pool2d", x, pool_size, strides, padding, data_format, pool_mode, 2)


@G.op
def pool3d(x, pool_size, strides=(1, 1, 1), padding="valid", data_format=None, pool_mode="max"):
    return _pool("pool3d", x, pool_size, strides, padding, data_format, pool_mode, 3)


def _pool(function_name, x, pool_size, strides, padding, data_format, pool_mode, spatial):
    """Average pooling with "same" padding averages only the real (unpadded) entries."""
    data_format = normalize_data_format(data_format)
    x = to_array(x)
    _check_rank(function_name, x, spatial + 2, data_format, spatial)
    window = int_tuple(pool_size, spatial, function_name, "pool_size")
    strides = int_tuple(strides, spatial, function_name, "strides")
    dims, steps = [1] * x.ndim, [1] * x.ndim
    for axis, size, step in zip(_spatial_axes(data_format, spatial), window, strides):
        dims[axis], steps[axis] = size, step
    mode = _padding_mode(padding)
    if pool_mode == "max":
        # NumPy scalars: lax recognizes a constant initial value and can differentiate.
        lowest = np.array(-np.inf if jnp.issubdtype(x.dtype, jnp.inexact) else 0, x.dtype)
        return jax.lax.reduce_window(x, lowest, jax.lax.max, dims, steps, mode)
    zero = np.zeros((), x.dtype)
    totals = jax.lax.reduce_window(x, zero, jax.lax.add, dims, steps, mode)
    if mode == "VALID":
        return totals / np.prod(window)
    ones = jnp.ones([x.shape[a] if dims[a] > 1 else 1 for a in range(x.ndim)], x.dtype)
    counts = jax.lax.reduce_window(ones, zero, jax.lax.add, dims, steps, mode)
    return totals / counts


# --- padding and resizing -------------------------------------------------------------------


@G.op
def temporal_padding(x, padding=(1, 1)):
    x = to_array(x)
    if x.ndim != 3:
        raise ValueError(
            "temporal_padding(): x must be a 3D tensor (batch, steps, features), got shape %s."
            % (tuple(x.shape),)
        )
    (pair,) = _padding_pairs("temporal_padding", [padding], 1)
    return jnp.pad(x, [(0, 0), pair, (0, 0)])


@G.op
def spatial_2d_padding(x, padding=((1, 1), (1, 1)), data_format=None):
    return _spatial_padding("spatial_2d_padding", x, padding, data_format, 2)


@G.op
def spatial_3d_padding(x, padding=((1, 1), (1, 1), (1, 1)), data_format=None):
    return _spatial_padding("spatial_3d_padding", x, padding, data_format, 3)


def _spatial_padding(function_name, x, padding, data_format, spatial):
    data_format = normalize_data_format(data_format)
    x = to_array(x)
    _check_rank(function_name, x, spatial + 2, data_format, spatial)
    pairs = _padding_pairs(function_name, padding, spatial)
    if data_format == CHANNELS_FIRST:
        return jnp.pad(x, [(0, 0), (0, 0)] + pairs)
    return jnp.pad(x, [(0, 0)] + pairs + [(0, 0)])


def _padding_pairs(function_name, padding, count):
    pairs = [tuple(int(v) for v in pair) for pair in padding]
    if len(pairs) != count or any(len(pair) != 2 for pair in pairs):
        raise ValueError(
            "%s(): padding must be %d pair(s) of (before, after) amounts, got %r."
            % (function_name, count, padding)
        )
    return pairs


@G.op
def resize_images(x, height_factor, width_factor, data_format, interpolation="nearest"):
    data_format = normalize_data_format(data_format)
    x = to_array(x)
    _check_rank("resize_images", x, 4, data_format, 2)
    if interpolation == "nearest":
        return _repeat_spatial(x, (height_factor, width_factor), data_format)
    # Half-pixel-centre bilinear upsampling, as TensorFlow 2 resizes.
    shape = list(x.shape)
    rows, cols = _spatial_axes(data_format, 2)
    shape[rows] *= height_factor
    shape[cols] *= width_factor
    resized = jax.image.resize(x.astype(_float_of(x)), shape, "linear", antialias=False)
    return resized.astype(x.dtype)


def _float_of(x):
    return x.dtype if jnp.issubdtype(x.dtype, jnp.inexact) else np.dtype(floatx())


@G.op
def resize_volumes(x, depth_factor, height_factor, width_factor, data_format):
    data_format = normalize_data_format(data_format)
    x = to_array(x)
    _check_rank("resize_volumes", x, 5, data_format, 3)
    return _repeat_spatial(x, (depth_factor, height_factor, width_factor), data_format)


def _repeat_spatial(x, factors, data_format):
    first = 2 if data_format == CHANNELS_FIRST else 1
    for offset, factor in enumerate(factors):
        x = jnp.repeat(x, factor, axis=first + offset)
    return x
