"""Activations, losses, normalization, dropout, convolutions, pooling, padding and resizing."""

import numpy as np

from .. import arithmetic, common
from ..arithmetic import int_tuple
from . import _library as L
from . import _patches, _shapes, _spatial
from .core import as_float_tensor, as_tensor, normalize_axes, normalize_axis
from .math import logsumexp, mean, var
from .random import random_uniform

T = L.T


# --- activations -------------------------------------------------------------------------------


def relu(x, alpha=0.0, max_value=None, threshold=0.0):
    x = as_tensor(x)
    result = T.switch(T.gt(x, threshold), x, 0)
    if max_value is not None:
        result = T.clip(result, 0, max_value)
    if alpha != 0:
        result = result - alpha * T.maximum(threshold - x, 0)
    return T.cast(result, x.dtype)


def elu(x, alpha=1.0):
    x = as_tensor(x)
    negative = alpha * T.expm1(T.minimum(x, 0))  # minimum: no overflow in the unused branch
    return T.switch(T.gt(x, 0), x, negative)


def sigmoid(x):
    return L.sigmoid(as_tensor(x))


def hard_sigmoid(x):
    x = as_tensor(x)
    return T.clip(0.2 * x + 0.5, 0.0, 1.0)


def softplus(x):
    return L.softplus(as_tensor(x))


def softsign(x):
    x = as_tensor(x)
    return x / (1 + L.abs(x))


def softmax(x, axis=-1):
    x = as_tensor(x)
    axis = normalize_axis(axis, x.ndim)
    exps = T.exp(x - T.max(x, axis=axis, keepdims=True))
    return exps / T.sum(exps, axis=axis, keepdims=True)


def _log_softmax(x, axis):
    return x - logsumexp(x, axis=axis, keepdims=True)


# --- losses ------------------------------------------------------------------------------------


def _clipped_probabilities(output, axis):
    output = output / T.sum(output, axis=axis, keepdims=True)
    eps = common.epsilon()
    return T.clip(output, eps, 1.0 - eps)


def _class_axis(axis, output, name):
    if not -output.ndim <= axis < output.ndim:
        raise ValueError(
            "%s(): axis %d is outside the output, which has %d dimensions; give an axis in "
            "[-%d, %d]." % (name, axis, output.ndim, output.ndim, output.ndim - 1)
        )
    return normalize_axis(axis, output.ndim)


def categorical_crossentropy(target, output, from_logits=False, axis=-1):
    target, output = as_tensor(target), as_tensor(output)
    axis = _class_axis(axis, output, "categorical_crossentropy")
    if from_logits:
        return -T.sum(target * _log_softmax(output, axis), axis=axis)
    return -T.sum(target * T.log(_clipped_probabilities(output, axis)), axis=axis)


def sparse_categorical_crossentropy(target, output, from_logits=False, axis=-1):
    output = as_tensor(output)
    axis = _class_axis(axis, output, "sparse_categorical_crossentropy")
    if axis != output.ndim - 1:
        output = output.dimshuffle([a for a in range(output.ndim) if a != axis] + [axis])
    if from_logits:
        log_probabilities = _log_softmax(output, output.ndim - 1)
    else:
        log_probabilities = T.log(_clipped_probabilities(output, output.ndim - 1))
    flat = T.reshape(log_probabilities, (-1, output.shape[-1]))
    labels = T.cast(T.flatten(as_tensor(target)), "int64")
    picked = -flat[T.arange(flat.shape[0]), labels]
    return T.reshape(
        picked, [output.shape[a] for a in range(output.ndim - 1)], ndim=output.ndim - 1
    )


def binary_crossentropy(target, output, from_logits=False):
    target, output = as_float_tensor(target), as_tensor(output)
    if from_logits:
        # max(x, 0) - x z + log(1 + exp(-|x|)): stable for every logit
        return T.maximum(output, 0) - output * target + T.log1p(T.exp(-L.abs(output)))
    eps = common.epsilon()
    output = T.clip(output, eps, 1.0 - eps)
    return -(target * T.log(output) + (1 - target) * T.log(1 - output))


# --- normalization and regularization ----------------------------------------------------------


def _broadcast_parameter(parameter, x, axis):
    """A 1-D per-channel parameter laid out to broadcast against x on the given axis."""
    parameter = as_tensor(parameter)
    if parameter.ndim != 1 or x.ndim == 1:
        return parameter
    pattern = ["x"] * x.ndim
    pattern[axis] = 0
    return parameter.dimshuffle(pattern)


def batch_normalization(x, mean, var, beta, gamma, axis=-1, epsilon=0.001):
    x = as_tensor(x)
    axis = normalize_axis(axis, x.ndim)
    mean, var = (_broadcast_parameter(p, x, axis) for p in (mean, var))
    normalized = (x - mean) / T.sqrt(var + epsilon)
    if gamma is not None:
        normalized = normalized * _broadcast_parameter(gamma, x, axis)
    if beta is not None:
        normalized = normalized + _broadcast_parameter(beta, x, axis)
    return normalized


def normalize_batch_in_training(x, gamma, beta, reduction_axes, epsilon=0.001):
    x = as_tensor(x)
    axes = normalize_axes(arithmetic.reduction_axes(reduction_axes, x.ndim), x.ndim)
    kept = [a for a in range(x.ndim) if a not in axes]
    batch_mean = mean(x, axis=axes, keepdims=True)
    batch_var = var(x, axis=axes, keepdims=True)
    normalized = (x - batch_mean) / T.sqrt(batch_var + epsilon)
    if gamma is not None:
        normalized = normalized * _parameter_like(gamma, x, kept)
    if beta is not None:
        normalized = normalized + _parameter_like(beta, x, kept)
    squeezed = [L.declare_broadcastable(t, axes).dimshuffle(kept) for t in (batch_mean, batch_var)]
    return normalized, squeezed[0], squeezed[1]


def _parameter_like(parameter, x, kept):
    """gamma or beta (shaped like the kept axes) laid out to broadcast against x."""
    parameter = as_tensor(parameter)
    if parameter.ndim != len(kept):
        return parameter
    pattern = ["x"] * x.ndim
    for position, axis in enumerate(kept):
        pattern[axis] = position
    return parameter.dimshuffle(pattern)


def bias_add(x, bias, data_format=None):
    data_format = common.normalize_data_format(data_format)
    x, bias = as_tensor(x), as_tensor(bias)
    if bias.ndim not in (1, x.ndim - 1):
        raise ValueError(
            "bias_add(): bias must have 1 axis or %d (one less than x), got %d axes."
            % (x.ndim - 1, bias.ndim)
        )
    if data_format == "channels_last" or x.ndim < 3:
        return x + bias
    if bias.ndim == 1:
        return x + bias.dimshuffle(["x", 0] + ["x"] * (x.ndim - 2))
    # Reshaped, not transposed, to (channels, spatial...): Keras 2.3.1's layout.
    sizes = [bias.shape[-1]] + [bias.shape[axis] for axis in range(bias.ndim - 1)]
    channels_first_bias = T.reshape(bias, sizes, ndim=bias.ndim)
    return x + channels_first_bias.dimshuffle(["x"] + list(range(bias.ndim)))


def dropout(x, level, noise_shape=None, seed=None):
    x = as_tensor(x)
    if not 0 <= level < 1:
        raise ValueError("dropout(): level must be in [0, 1), got %r." % (level,))
    shape = [
        x.shape[a] if noise_shape is None or noise_shape[a] is None else noise_shape[a]
        for a in range(x.ndim)
    ]
    keep = T.cast(T.ge(random_uniform(shape, dtype=x.dtype, seed=seed), level), x.dtype)
    if noise_shape is not None:
        keep = L.match_broadcastable(keep, [size == 1 for size in noise_shape])
    return x * keep / (1.0 - level)


# --- convolutions ------------------------------------------------------------------------------


def _convolution(x, kernel, rank, strides, padding, data_format, dilation_rate, name):
    data_format = common.normalize_data_format(data_format)
    kernel = as_tensor(kernel)
    x = as_tensor(x, kernel.dtype) if not L.is_tensor(x) else x
    strides = int_tuple(strides, rank)
    dilations = int_tuple(dilation_rate, rank)
    image = _spatial.channels_last(x, data_format)
    result = _spatial.convolve(image, kernel, strides, padding, dilations)
    return _spatial.restore_format(result, data_format)


def conv1d(x, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1):
    return _convolution(x, kernel, 1, strides, padding, data_format, dilation_rate, "conv1d")


def conv2d(x, kernel, strides=(1, 1), padding="valid", data_format=None, dilation_rate=(1, 1)):
    return _convolution(x, kernel, 2, strides, padding, data_format, dilation_rate, "conv2d")


def conv3d(
    x, kernel, strides=(1, 1, 1), padding="valid", data_format=None, dilation_rate=(1, 1, 1)
):
    return _convolution(x, kernel, 3, strides, padding, data_format, dilation_rate, "conv3d")


def conv2d_transpose(
    x, kernel, output_shape, strides=(1, 1), padding="valid", data_format=None, dilation_rate=(1, 1)
):
    data_format = common.normalize_data_format(data_format)
    x, kernel = as_tensor(x), as_tensor(kernel)
    shape = list(output_shape)
    if shape[0] is None:
        shape[0] = x.shape[0]
    if data_format == "channels_first":
        shape = [shape[0], shape[2], shape[3], shape[1]]
    image = _spatial.channels_last(x, data_format)
    result = _spatial.transpose_convolve(
        image,
        kernel,
        shape,
        int_tuple(strides, 2),
        padding,
        int_tuple(dilation_rate, 2),
    )
    return _spatial.restore_format(result, data_format)


def separable_conv2d(
    x,
    depthwise_kernel,
    pointwise_kernel,
    strides=(1, 1),
    padding="valid",
    data_format=None,
    dilation_rate=(1, 1),
):
    data_format = common.normalize_data_format(data_format)
    x = as_tensor(x)
    depthwise_kernel, pointwise_kernel = as_tensor(depthwise_kernel), as_tensor(pointwise_kernel)
    image = _spatial.channels_last(x, data_format)
    spread = _spatial.depthwise(
        image,
        depthwise_kernel,
        int_tuple(strides, 2),
        padding,
        int_tuple(dilation_rate, 2),
    )
    result = _spatial.convolve(spread, pointwise_kernel, (1, 1), "valid", (1, 1))
    return _spatial.restore_format(result, data_format)


def separable_conv1d(
    x,
    depthwise_kernel,
    pointwise_kernel,
    strides=1,
    padding="valid",
    data_format=None,
    dilation_rate=1,
):
    data_format = common.normalize_data_format(data_format)
    x = as_tensor(x)
    depthwise_kernel, pointwise_kernel = as_tensor(depthwise_kernel), as_tensor(pointwise_kernel)
    sequence = _spatial.channels_last(x, data_format)
    spread = _spatial.depthwise(
        sequence,
        depthwise_kernel,
        int_tuple(strides, 1),
        padding,
        int_tuple(dilation_rate, 1),
    )
    result = _spatial.convolve(spread, pointwise_kernel, (1,), "valid", (1,))
    return _spatial.restore_format(result, data_format)


def depthwise_conv2d(
    x, depthwise_kernel, strides=(1, 1), padding="valid", data_format=None, dilation_rate=(1, 1)
):
    data_format = common.normalize_data_format(data_format)
    depthwise_kernel = as_tensor(depthwise_kernel)
    x = as_tensor(x, depthwise_kernel.dtype) if not L.is_tensor(x) else x
    image = _spatial.channels_last(x, data_format)
    result = _spatial.depthwise(
        image,
        depthwise_kernel,
        int_tuple(strides, 2),
        padding,
        int_tuple(dilation_rate, 2),
    )
    return _spatial.restore_format(result, data_format)


def conv3d_transpose(x, kernel, output_shape, strides=(1, 1, 1), padding="valid", data_format=None):
    data_format = common.normalize_data_format(data_format)
    x, kernel = as_tensor(x), as_tensor(kernel)
    shape = list(output_shape)
    if len(shape) != 5:
        raise ValueError(
            "conv3d_transpose(): output_shape must have 5 entries (batch, then the output "
            "volume in the data format's layout), got %r." % (output_shape,)
        )
    if shape[0] is None:
        shape[0] = x.shape[0]
    if data_format == "channels_first":
        shape = [shape[0], shape[2], shape[3], shape[4], shape[1]]
    volume = _spatial.channels_last(x, data_format)
    result = _spatial.transpose_convolve(
        volume, kernel, shape, int_tuple(strides, 3), padding, (1, 1, 1)
    )
    return _spatial.restore_format(result, data_format)


def _local_convolution(inputs, kernel, kernel_size, strides, output_shape, data_format):
    """Unshared weights: each output position has its own (features, filters) kernel, its
    features ordered as the input's window is laid out in its data format."""
    inputs, kernel = as_tensor(inputs), as_tensor(kernel)
    rank = len(output_shape)
    image = _spatial.channels_last(inputs, data_format)
    windows = _patches.patches(image, kernel_size, strides, (1,) * rank, "valid")
    if data_format == "channels_first":  # features ordered (channels, taps...)
        windows = windows.dimshuffle(
            list(range(1 + rank)) + [windows.ndim - 1] + list(range(1 + rank, windows.ndim - 1))
        )
    features = T.reshape(windows, (windows.shape[0], int(np.prod(output_shape)), -1))
    result = T.sum(features.dimshuffle(0, 1, 2, "x") * kernel.dimshuffle("x", 0, 1, 2), axis=2)
    result = T.reshape(
        result, [result.shape[0]] + list(output_shape) + [result.shape[2]], ndim=rank + 2
    )
    return _spatial.restore_format(result, data_format)


def local_conv1d(inputs, kernel, kernel_size, strides, data_format=None):
    data_format = common.normalize_data_format(data_format)
    output_length = _shapes.int_shape(kernel)[0]
    return _local_convolution(
        inputs,
        kernel,
        int_tuple(kernel_size, 1),
        int_tuple(strides, 1),
        (output_length,),
        data_format,
    )


def local_conv2d(inputs, kernel, kernel_size, strides, output_shape, data_format=None):
    data_format = common.normalize_data_format(data_format)
    return _local_convolution(
        inputs,
        kernel,
        int_tuple(kernel_size, 2),
        int_tuple(strides, 2),
        tuple(output_shape),
        data_format,
    )


# --- pooling -----------------------------------------------------------------------------------


def _pooling(x, pool_size, strides, padding, data_format, pool_mode, rank, name):
    data_format = common.normalize_data_format(data_format)
    image = _spatial.channels_last(as_tensor(x), data_format)
    result = _spatial.pool(
        image,
        int_tuple(pool_size, rank),
        int_tuple(strides, rank),
        padding,
        pool_mode,
    )
    return _spatial.restore_format(result, data_format)


def pool2d(x, pool_size, strides=(1, 1), padding="valid", data_format=None, pool_mode="max"):
    return _pooling(x, pool_size, strides, padding, data_format, pool_mode, 2, "pool2d")


def pool3d(x, pool_size, strides=(1, 1, 1), padding="valid", data_format=None, pool_mode="max"):
    return _pooling(x, pool_size, strides, padding, data_format, pool_mode, 3, "pool3d")


# --- padding and resizing ----------------------------------------------------------------------


def temporal_padding(x, padding=(1, 1)):
    return _spatial.pad(as_tensor(x), {1: tuple(padding)})


def _spatial_padding(x, padding, data_format, rank):
    data_format = common.normalize_data_format(data_format)
    x = as_tensor(x)
    first_axis = 2 if data_format == "channels_first" else 1
    return _spatial.pad(x, {first_axis + i: tuple(pair) for i, pair in enumerate(padding)})


def spatial_2d_padding(x, padding=((1, 1), (1, 1)), data_format=None):
    return _spatial_padding(x, padding, data_format, 2)


def spatial_3d_padding(x, padding=((1, 1), (1, 1), (1, 1)), data_format=None):
    return _spatial_padding(x, padding, data_format, 3)


def _spatial_axes(data_format, rank):
    data_format = common.normalize_data_format(data_format)
    first_axis = 2 if data_format == "channels_first" else 1
    return list(range(first_axis, first_axis + rank))


def resize_images(x, height_factor, width_factor, data_format, interpolation="nearest"):
    x = as_tensor(x)
    axes = _spatial_axes(data_format, 2)
    factors = (height_factor, width_factor)
    if interpolation == "nearest":
        for axis, factor in zip(axes, factors):
            x = T.repeat(x, factor, axis=axis)
        return x
    for axis, factor in zip(axes, factors):  # "bilinear"
        x = _bilinear_axis(x, axis, factor)
    return x


def _bilinear_axis(x, axis, factor):
    """Resize one axis with half-pixel centres (TensorFlow 2's resize), as a matrix product."""
    weights = T.cast(_bilinear_weights(x.shape[axis], factor), x.dtype)
    moved = T.tensordot(x, weights, axes=[[axis], [1]])  # the resized axis comes last
    order = list(range(x.ndim - 1))
    order.insert(axis, x.ndim - 1)
    return moved.dimshuffle(order)


def _bilinear_weights(length, factor):
    """(length * factor, length): each output row mixes its two nearest input rows."""
    source = T.clip((T.arange(length * factor) + 0.5) / factor - 0.5, 0, length - 1)
    below = T.floor(source)
    above = T.minimum(below + 1, length - 1)
    fraction = (source - below).dimshuffle(0, "x")
    positions = T.arange(length).dimshuffle("x", 0)
    return (1 - fraction) * T.eq(below.dimshuffle(0, "x"), positions) + fraction * T.eq(
        above.dimshuffle(0, "x"), positions
    )


def resize_volumes(x, depth_factor, height_factor, width_factor, data_format):
    x = as_tensor(x)
    for axis, factor in zip(
        _spatial_axes(data_format, 3), (depth_factor, height_factor, width_factor)
    ):
        x = T.repeat(x, factor, axis=axis)
    return x


# --- normalisation and top-k -------------------------------------------------------------------


def l2_normalize(x, axis=None):
    x = as_tensor(x)
    axes = normalize_axes(axis, x.ndim)
    squares = T.sum(T.sqr(x), axis=axes, keepdims=True)
    return x / T.sqrt(T.maximum(squares, 1e-12))


def in_top_k(predictions, targets, k):
    predictions = as_tensor(predictions)
    targets = T.cast(T.flatten(as_tensor(targets)), "int64")
    rows = T.arange(predictions.shape[0])
    target_scores = predictions[rows, targets]
    # as TensorFlow: ties at the k-th place count as in the top k; non-finite targets never
    higher = T.sum(T.gt(predictions, target_scores.dimshuffle(0, "x")), axis=1)
    finite = T.eq(T.or_(T.isnan(target_scores), T.isinf(target_scores)), 0)
    return T.and_(T.lt(higher, k), finite)
