"""Neural-network ops on TensorFlow 2: activations, losses, normalization, convolution,
pooling, padding and resizing, with Keras 2 semantics in both image data formats.

TensorFlow's CPU kernels only take channels-last layouts, so channels-first inputs are
transposed to channels-last, computed, and transposed back. Kernel layouts are Keras 2's and
do not depend on the data format.
"""

import itertools

import tensorflow as tf
from tensorflow.python.ops import gen_math_ops, gen_nn_ops

from .. import arithmetic
from ..arithmetic import int_tuple, same_padding
from ..common import epsilon, normalize_data_format
from .math import _shape_constant, is_tf_tensor, shape_list, to_tensor, to_tensors

# Eager fast paths, as in math.py: on eager tensors, the generated ops TensorFlow's public
# functions end in, without their Python (bench/eager_ops.py).
_EAGER = type(tf.constant(0))
# One op on eager tensors with the other arguments at their defaults, run directly (math.py).
EAGER_KERNELS = {"relu": "Relu", "softsign": "Softsign"}

__all__ = [
    "relu",
    "elu",
    "softmax",
    "softplus",
    "softsign",
    "sigmoid",
    "hard_sigmoid",
    "binary_crossentropy",
    "categorical_crossentropy",
    "sparse_categorical_crossentropy",
    "l2_normalize",
    "in_top_k",
    "dropout",
    "batch_normalization",
    "normalize_batch_in_training",
    "bias_add",
    "conv1d",
    "conv2d",
    "conv2d_transpose",
    "conv3d",
    "separable_conv2d",
    "separable_conv1d",
    "depthwise_conv2d",
    "conv3d_transpose",
    "local_conv1d",
    "local_conv2d",
    "pool2d",
    "pool3d",
    "spatial_2d_padding",
    "spatial_3d_padding",
    "temporal_padding",
    "resize_images",
    "resize_volumes",
]

CHANNELS_FIRST = "channels_first"


# --- activations ----------------------------------------------------------------------------


def relu(x, alpha=0.0, max_value=None, threshold=0.0):
    """x above threshold (capped at max_value), else alpha * (x - threshold)."""
    x = to_tensor(x)
    if threshold == 0 and max_value is None:  # one fused op for the common cases
        return tf.nn.relu(x) if alpha == 0 else tf.nn.leaky_relu(x, alpha=alpha)
    if threshold == 0 and alpha == 0 and max_value == 6:
        return tf.nn.relu6(x)
    kept = tf.where(x > threshold, x, tf.zeros_like(x))
    if max_value is not None:
        kept = tf.clip_by_value(kept, 0, max_value)
    if alpha == 0:
        return kept
    return kept + alpha * tf.minimum(x - threshold, 0)


def elu(x, alpha=1.0):
    x = to_tensor(x)
    activated = tf.nn.elu(x)
    if alpha == 1:
        return activated
    return tf.where(x > 0, activated, alpha * activated)


def softmax(x, axis=-1):
    x = to_tensor(x)
    if type(x) is _EAGER and axis == -1 and x.shape.rank:
        return gen_nn_ops.softmax(x)
    return tf.nn.softmax(x, axis=axis)


def softplus(x):
    return tf.nn.softplus(to_tensor(x))


def softsign(x):
    return tf.nn.softsign(to_tensor(x))


def sigmoid(x):
    x = to_tensor(x)
    if type(x) is _EAGER and not x.dtype.is_complex:
        return gen_math_ops.sigmoid(x)
    return tf.sigmoid(x)


def hard_sigmoid(x):
    return tf.clip_by_value(0.2 * to_tensor(x) + 0.5, 0, 1)


# --- losses ---------------------------------------------------------------------------------


def _clip_probabilities(output):
    fuzz = epsilon()
    if type(output) is _EAGER:  # tf.clip_by_value's two ops
        return gen_math_ops.maximum(gen_math_ops.minimum(output, 1 - fuzz), fuzz)
    return tf.clip_by_value(output, fuzz, 1 - fuzz)


def binary_crossentropy(target, output, from_logits=False):
    output, target = to_tensors(output, target)
    target = tf.cast(target, output.dtype)
    if not from_logits and type(output) is _EAGER:
        probability = _clip_probabilities(output)
        odds = gen_math_ops.real_div(probability, gen_math_ops.sub(1.0, probability))
        output = gen_math_ops.log(odds)
    elif not from_logits:
        probability = _clip_probabilities(output)
        output = tf.math.log(probability / (1 - probability))  # back to logits, stably
    return tf.nn.sigmoid_cross_entropy_with_logits(labels=target, logits=output)


def categorical_crossentropy(target, output, from_logits=False, axis=-1):
    output, target = to_tensors(output, target)
    axis = _class_axis("categorical_crossentropy", output, axis)
    target = tf.cast(target, output.dtype)
    if from_logits:
        return tf.nn.softmax_cross_entropy_with_logits(labels=target, logits=output, axis=axis)
    if type(output) is _EAGER and type(target) is _EAGER:
        output = gen_math_ops.real_div(output, gen_math_ops._sum(output, axis, True))
        logs = gen_math_ops.log(_clip_probabilities(output))
        return gen_math_ops.neg(gen_math_ops._sum(gen_math_ops.mul(target, logs), axis, False))
    output = output / tf.reduce_sum(output, axis, keepdims=True)
    return -tf.reduce_sum(target * tf.math.log(_clip_probabilities(output)), axis)


def sparse_categorical_crossentropy(target, output, from_logits=False, axis=-1):
    output = to_tensor(output)
    axis = _class_axis("sparse_categorical_crossentropy", output, axis)
    rank = output.shape.rank
    if axis != rank - 1:  # classes last, as the TF op wants
        output = tf.transpose(output, [a for a in range(rank) if a != axis] + [axis])
    if not from_logits:
        output = tf.math.log(_clip_probabilities(output))  # softmax of log p renormalizes p
    labels = tf.reshape(tf.cast(to_tensor(target), tf.int64), tf.shape(output)[:-1])
    return tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=output)


def _class_axis(function_name, output, axis):
    rank = output.shape.rank
    if not -rank <= axis < rank:
        raise ValueError(
            "%s(): axis must be an axis of output (rank %d): between %d and %d, got %d."
            % (function_name, rank, -rank, rank - 1, axis)
        )
    return axis % rank


# --- normalization and selection ------------------------------------------------------------


def l2_normalize(x, axis=None):
    axis = list(axis) if isinstance(axis, tuple) else axis
    return tf.math.l2_normalize(to_tensor(x), axis=axis)


def in_top_k(predictions, targets, k):
    # The TF kernel takes float32 predictions and 1D targets; ties at the k-th value count in.
    predictions = tf.cast(to_tensor(predictions), tf.float32)
    targets = tf.reshape(tf.cast(to_tensor(targets), tf.int32), [-1])
    return tf.math.in_top_k(targets, predictions, k)


def dropout(x, level, noise_shape=None, seed=None):
    x = to_tensor(x)
    if not is_tf_tensor(level) and not 0 <= level < 1:
        raise ValueError(
            "dropout(): level is the fraction of entries to drop and must be in [0, 1), "
            "got %r." % (level,)
        )
    if noise_shape is not None and not is_tf_tensor(noise_shape):
        dims = shape_list(x)
        noise_shape = [dims[i] if d is None else d for i, d in enumerate(noise_shape)]
    return tf.nn.dropout(x, rate=level, noise_shape=noise_shape, seed=seed)


def batch_normalization(x, mean, var, beta, gamma, axis=-1, epsilon=0.001):
    """(x - mean) / sqrt(var + epsilon) * gamma + beta; 1D parameters apply along axis."""
    x = to_tensor(x)
    mean, var, beta, gamma = (_along_axis(p, x, axis) for p in (mean, var, beta, gamma))
    return tf.nn.batch_normalization(x, mean, var, beta, gamma, epsilon)


def normalize_batch_in_training(x, gamma, beta, reduction_axes, epsilon=0.001):
    """Batch statistics over reduction_axes (biased variance, on every engine); returns
    (normalized x, mean, variance), mean and variance without the reduced axes."""
    x = to_tensor(x)
    axes = arithmetic.reduction_axes(reduction_axes, x.shape.rank)
    reduction_axes = [a % x.shape.rank for a in axes]
    mean, variance = tf.nn.moments(x, reduction_axes, keepdims=True)
    gamma, beta = (_broadcastable(p, mean) for p in (gamma, beta))
    normalized = tf.nn.batch_normalization(x, mean, variance, beta, gamma, epsilon)
    squeeze = tf.squeeze if reduction_axes else tf.identity
    return (normalized, squeeze(mean, reduction_axes), squeeze(variance, reduction_axes))


def _along_axis(parameter, x, axis):
    """A 1D parameter reshaped to broadcast along ``axis`` of x; others as given."""
    if parameter is None:
        return None
    parameter = to_tensor(parameter, x.dtype)
    rank = x.shape.rank
    if parameter.shape.rank != 1 or rank < 2 or axis % rank == rank - 1:
        return parameter
    shape = [1] * rank
    shape[axis % rank] = -1
    return tf.reshape(parameter, shape)


def _broadcastable(parameter, statistics):
    """gamma or beta given over the kept axes, reshaped like the keepdims statistics."""
    if parameter is None:
        return None
    parameter = to_tensor(parameter, statistics.dtype)
    if parameter.shape.rank == statistics.shape.rank:
        return parameter
    return tf.reshape(parameter, tf.shape(statistics))


def bias_add(x, bias, data_format=None):
    """A 1D bias goes on the channel axis. A bias with one axis fewer than x holds every
    position; for channels_first it is reshaped (not transposed) to (1, channels, ...) as
    Keras 2.3.1 and tf_keras do, so weights trained there keep their meaning."""
    data_format = normalize_data_format(data_format)
    x, bias = to_tensors(x, bias)
    rank, bias_rank = x.shape.rank, bias.shape.rank
    if bias_rank not in (1, rank - 1):
        raise ValueError(
            "bias_add(): bias must have 1 or %d axes for an input of rank %d, got shape %s."
            % (rank - 1, rank, bias.shape)
        )
    if (
        bias_rank == 1
        and rank >= 2
        and (data_format != CHANNELS_FIRST or rank == 2)
        and type(x) is _EAGER
        and bias.shape[0] == x.shape[-1]
    ):
        return gen_nn_ops.bias_add(x, bias)  # tf.nn.bias_add's op: x + bias, on the last axis
    if data_format == CHANNELS_FIRST and rank > 2:
        if bias_rank == 1:
            bias = tf.reshape(bias, [-1] + [1] * (rank - 2))
        else:
            static = bias.shape.as_list()
            if None in static:
                sizes = tf.shape(bias)
                bias = tf.reshape(bias, tf.concat([[1], sizes[-1:], sizes[:-1]], axis=0))
            else:
                bias = tf.reshape(bias, [1, static[-1]] + static[:-1])
    return x + bias


# --- argument checks ------------------------------------------------------------------------


def _check_rank(function_name, x, rank, what):
    if x.shape.rank != rank:
        raise ValueError(
            "%s(): x must be a %dD tensor (%s), got shape %s."
            % (function_name, rank, what, x.shape)
        )


def _layout(data_format, spatial):
    names = {1: "steps", 2: "rows, cols", 3: "depth, rows, cols"}[spatial]
    if data_format == CHANNELS_FIRST:
        return "batch, channels, %s" % names
    return "batch, %s, channels" % names


def _to_channels_last(x, data_format):
    if data_format != CHANNELS_FIRST:
        return x
    rank = x.shape.rank
    if type(x) is _EAGER:  # a cached permutation: converting the list costs more than the op
        return tf.transpose(x, _shape_constant((0,) + tuple(range(2, rank)) + (1,)))
    return tf.transpose(x, [0] + list(range(2, rank)) + [1])


def _from_channels_last(x, data_format):
    if data_format != CHANNELS_FIRST:
        return x
    rank = x.shape.rank
    if type(x) is _EAGER:
        return tf.transpose(x, _shape_constant((0, rank - 1) + tuple(range(1, rank - 1))))
    return tf.transpose(x, [0, rank - 1] + list(range(1, rank - 1)))


def _strides_and_dilation(function_name, strides, dilation_rate, spatial):
    strides = int_tuple(strides, spatial, function_name, "strides")
    dilation = int_tuple(dilation_rate, spatial, function_name, "dilation_rate")
    if max(strides) > 1 and max(dilation) > 1:
        raise ValueError(
            "%s(): TensorFlow cannot combine strides > 1 with dilation_rate > 1, got strides "
            "%r and dilation_rate %r. Use strides of 1 with dilation, or no dilation."
            % (function_name, strides, dilation)
        )
    return strides, dilation


# --- convolution ----------------------------------------------------------------------------


def _convolution(function_name, x, kernel, strides, padding, data_format, dilation_rate, spatial):
    data_format = normalize_data_format(data_format)
    x, kernel = to_tensors(x, kernel)
    if x.shape.rank != spatial + 2:
        _check_rank(function_name, x, spatial + 2, _layout(data_format, spatial))
    strides, dilation = _strides_and_dilation(function_name, strides, dilation_rate, spatial)
    if spatial == 2 and type(x) is _EAGER and type(kernel) is _EAGER:
        # tf.nn.conv2d's own op for a 4D channels-last input (~25 us of Python less).
        result = gen_nn_ops.conv2d(
            _to_channels_last(x, data_format),
            kernel,
            strides=[1, strides[0], strides[1], 1],
            padding=padding.upper(),
            dilations=[1, dilation[0], dilation[1], 1],
        )
        return _from_channels_last(result, data_format)
    # tf.nn.convolution picks tf.nn.conv2d for two spatial axes; calling it directly skips
    # ~13 us of Python a call (bench/), a tenth of a small eager convolution.
    convolve = tf.nn.conv2d if spatial == 2 else tf.nn.convolution
    result = convolve(
        _to_channels_last(x, data_format),
        kernel,
        strides=strides,
        padding=padding.upper(),
        dilations=dilation,
    )
    return _from_channels_last(result, data_format)


def conv1d(x, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1):
    if padding == "causal":
        # Pad the past only, so output t sees inputs up to t; works in both data formats.
        data_format = normalize_data_format(data_format)
        x, kernel = to_tensors(x, kernel)
        (dilation,) = int_tuple(dilation_rate, 1, "conv1d", "dilation_rate")
        left = dilation * (kernel.shape[0] - 1)
        time_axis = 2 if data_format == CHANNELS_FIRST else 1
        pattern = [[0, 0], [0, 0], [0, 0]]
        pattern[time_axis] = [left, 0]
        x, padding = tf.pad(x, pattern), "valid"
    return _convolution("conv1d", x, kernel, strides, padding, data_format, dilation_rate, 1)


def conv2d(x, kernel, strides=(1, 1), padding="valid", data_format=None, dilation_rate=(1, 1)):
    return _convolution("conv2d", x, kernel, strides, padding, data_format, dilation_rate, 2)


def conv3d(
    x, kernel, strides=(1, 1, 1), padding="valid", data_format=None, dilation_rate=(1, 1, 1)
):
    return _convolution("conv3d", x, kernel, strides, padding, data_format, dilation_rate, 3)


def conv2d_transpose(
    x, kernel, output_shape, strides=(1, 1), padding="valid", data_format=None, dilation_rate=(1, 1)
):
    """kernel is (rows, cols, output channels, input channels); output_shape is in the
    data format's layout, batch first, and a None batch is taken from x."""
    data_format = normalize_data_format(data_format)
    x, kernel = to_tensors(x, kernel)
    _check_rank("conv2d_transpose", x, 4, _layout(data_format, 2))
    strides = int_tuple(strides, 2, "conv2d_transpose", "strides")
    dilation = int_tuple(dilation_rate, 2, "conv2d_transpose", "dilation_rate")
    output_shape = _transpose_output_shape(x, output_shape, data_format)
    result = tf.nn.conv2d_transpose(
        _to_channels_last(x, data_format),
        _dilate_kernel(kernel, dilation),
        output_shape,
        strides=strides,
        padding=padding.upper(),
    )
    return _from_channels_last(result, data_format)


def _dilate_kernel(kernel, dilation):
    """The kernel with dilation - 1 zeros between its taps on each spatial axis: TF's CPU
    kernels cannot run a dilated transposed convolution, but this equivalent one they can."""
    for axis, rate in enumerate(dilation):
        if rate == 1:
            continue
        shape = shape_list(kernel)
        taps = tf.expand_dims(kernel, axis + 1)
        gaps = tf.zeros(shape[: axis + 1] + [rate - 1] + shape[axis + 1 :], kernel.dtype)
        spread = tf.concat([taps, gaps], axis + 1)  # each tap followed by rate - 1 zeros
        spread = tf.reshape(spread, shape[:axis] + [shape[axis] * rate] + shape[axis + 1 :])
        kernel = tf.gather(spread, tf.range((shape[axis] - 1) * rate + 1), axis=axis)
    return kernel


def _transpose_output_shape(x, output_shape, data_format):
    """output_shape in channels-last order, with the batch size filled in."""
    if is_tf_tensor(output_shape):
        if data_format == CHANNELS_FIRST:
            return tf.gather(output_shape, [0, 2, 3, 1])
        return output_shape
    output_shape = list(output_shape)
    if len(output_shape) != 4:
        raise ValueError(
            "conv2d_transpose(): output_shape must have 4 entries (%s), got %r."
            % (_layout(data_format, 2), output_shape)
        )
    if output_shape[0] is None:
        output_shape[0] = tf.shape(x)[0]
    if data_format == CHANNELS_FIRST:
        output_shape = [output_shape[i] for i in (0, 2, 3, 1)]
    return tf.stack(output_shape)


def separable_conv2d(
    x,
    depthwise_kernel,
    pointwise_kernel,
    strides=(1, 1),
    padding="valid",
    data_format=None,
    dilation_rate=(1, 1),
):
    data_format = normalize_data_format(data_format)
    x, depthwise_kernel, pointwise_kernel = to_tensors(x, depthwise_kernel, pointwise_kernel)
    _check_rank("separable_conv2d", x, 4, _layout(data_format, 2))
    strides, dilation = _strides_and_dilation("separable_conv2d", strides, dilation_rate, 2)
    padding = padding.upper()
    images = _to_channels_last(x, data_format)
    if strides[0] != strides[1]:
        result = _separable_unequal_strides(
            images, depthwise_kernel, pointwise_kernel, strides, padding
        )
    else:
        result = tf.nn.separable_conv2d(
            images,
            depthwise_kernel,
            pointwise_kernel,
            strides=(1,) + strides + (1,),
            padding=padding,
            dilations=dilation,
        )
    return _from_channels_last(result, data_format)


def _separable_unequal_strides(images, depthwise_kernel, pointwise_kernel, strides, padding):
    """TF's depthwise kernel takes equal strides only: pad as the strided "same" would,
    convolve at stride 1 and keep every stride-th output (exact, at some extra cost)."""
    if padding == "SAME":
        sizes = shape_list(images)[1:3]
        windows = shape_list(depthwise_kernel)[:2]
        pairs = [
            list(same_padding(n, k, s, maximum=tf.maximum))
            for n, k, s in zip(sizes, windows, strides)
        ]
        images = tf.pad(images, [[0, 0]] + pairs + [[0, 0]])
    depthwise = tf.nn.depthwise_conv2d(images, depthwise_kernel, (1, 1, 1, 1), "VALID")
    depthwise = depthwise[:, :: strides[0], :: strides[1], :]
    return tf.nn.convolution(depthwise, pointwise_kernel)


def separable_conv1d(
    x,
    depthwise_kernel,
    pointwise_kernel,
    strides=1,
    padding="valid",
    data_format=None,
    dilation_rate=1,
):
    # A separable_conv2d over one row: depthwise (taps, in, multiplier), pointwise
    # (1, in * multiplier, out).
    data_format = normalize_data_format(data_format)
    x, depthwise_kernel, pointwise_kernel = to_tensors(x, depthwise_kernel, pointwise_kernel)
    _check_rank("separable_conv1d", x, 3, _layout(data_format, 1))
    (stride,), (dilation,) = _strides_and_dilation("separable_conv1d", strides, dilation_rate, 1)
    rows = tf.expand_dims(_to_channels_last(x, data_format), 1)
    result = separable_conv2d(
        rows,
        tf.expand_dims(depthwise_kernel, 0),
        tf.expand_dims(pointwise_kernel, 0),
        (1, stride),
        padding,
        "channels_last",
        (1, dilation),
    )
    return _from_channels_last(tf.squeeze(result, [1]), data_format)


def depthwise_conv2d(
    x, depthwise_kernel, strides=(1, 1), padding="valid", data_format=None, dilation_rate=(1, 1)
):
    # depthwise_kernel is (rows, cols, channels, multiplier); output channel
    # c * multiplier + m is channel c convolved with depthwise_kernel[:, :, c, m].
    data_format = normalize_data_format(data_format)
    x, depthwise_kernel = to_tensors(x, depthwise_kernel)
    _check_rank("depthwise_conv2d", x, 4, _layout(data_format, 2))
    strides, dilation = _strides_and_dilation("depthwise_conv2d", strides, dilation_rate, 2)
    padding = padding.upper()
    images = _to_channels_last(x, data_format)
    if strides[0] != strides[1]:
        # TF's depthwise kernel takes equal strides only: pad as the strided "same" would,
        # convolve at stride 1 and keep every stride-th output.
        if padding == "SAME":
            sizes = shape_list(images)[1:3]
            windows = shape_list(depthwise_kernel)[:2]
            pairs = [
                list(same_padding(n, k, s, maximum=tf.maximum))
                for n, k, s in zip(sizes, windows, strides)
            ]
            images = tf.pad(images, [[0, 0]] + pairs + [[0, 0]])
        result = tf.nn.depthwise_conv2d(images, depthwise_kernel, (1, 1, 1, 1), "VALID")
        result = result[:, :: strides[0], :: strides[1], :]
    else:
        result = tf.nn.depthwise_conv2d(
            images, depthwise_kernel, (1,) + strides + (1,), padding, dilations=dilation
        )
    return _from_channels_last(result, data_format)


def conv3d_transpose(x, kernel, output_shape, strides=(1, 1, 1), padding="valid", data_format=None):
    # kernel is (depth, rows, cols, output channels, input channels); output_shape is in the
    # data format's layout, batch first, and a None batch is taken from x.
    data_format = normalize_data_format(data_format)
    x, kernel = to_tensors(x, kernel)
    _check_rank("conv3d_transpose", x, 5, _layout(data_format, 3))
    strides = int_tuple(strides, 3, "conv3d_transpose", "strides")
    if is_tf_tensor(output_shape):
        order = [0, 2, 3, 4, 1] if data_format == CHANNELS_FIRST else [0, 1, 2, 3, 4]
        output_shape = tf.gather(output_shape, order)
    else:
        output_shape = list(output_shape)
        if len(output_shape) != 5:
            raise ValueError(
                "conv3d_transpose(): output_shape must have 5 entries (%s), got %r."
                % (_layout(data_format, 3), output_shape)
            )
        if output_shape[0] is None:
            output_shape[0] = tf.shape(x)[0]
        if data_format == CHANNELS_FIRST:
            output_shape = [output_shape[i] for i in (0, 2, 3, 4, 1)]
        output_shape = tf.stack(output_shape)
    result = tf.nn.conv3d_transpose(
        _to_channels_last(x, data_format),
        kernel,
        output_shape,
        strides=(1,) + strides + (1,),
        padding=padding.upper(),
    )
    return _from_channels_last(result, data_format)


def local_conv1d(inputs, kernel, kernel_size, strides, data_format=None):
    output_length = to_tensor(kernel).shape[0]
    return _local_convolution(
        "local_conv1d", inputs, kernel, kernel_size, strides, (output_length,), data_format
    )


def local_conv2d(inputs, kernel, kernel_size, strides, output_shape, data_format=None):
    return _local_convolution(
        "local_conv2d", inputs, kernel, kernel_size, strides, output_shape, data_format
    )


def _local_convolution(
    function_name, inputs, kernel, kernel_size, strides, output_shape, data_format
):
    """Each output position has its own weights: kernel is (positions, features, filters),
    positions in row-major order, features a patch flattened in the input's own layout."""
    data_format = normalize_data_format(data_format)
    inputs, kernel = to_tensors(inputs, kernel)
    spatial = len(output_shape)
    _check_rank(function_name, inputs, spatial + 2, _layout(data_format, spatial))
    kernel_size = int_tuple(kernel_size, spatial, function_name, "kernel_size")
    strides = int_tuple(strides, spatial, function_name, "strides")
    features = kernel.shape[1]
    patches = [
        tf.reshape(_patch(inputs, position, kernel_size, strides, data_format), [-1, features])
        for position in itertools.product(*(range(n) for n in output_shape))
    ]
    outputs = tf.matmul(tf.stack(patches), kernel)  # (positions, batch, filters)
    outputs = tf.reshape(outputs, list(output_shape) + [-1, kernel.shape[-1]])
    if data_format == CHANNELS_FIRST:
        order = [spatial, spatial + 1] + list(range(spatial))
    else:
        order = [spatial] + list(range(spatial)) + [spatial + 1]
    return tf.transpose(outputs, order)


def _patch(inputs, position, kernel_size, strides, data_format):
    window = [slice(p * s, p * s + k) for p, s, k in zip(position, strides, kernel_size)]
    if data_format == CHANNELS_FIRST:
        return inputs[tuple([slice(None), slice(None)] + window)]
    return inputs[tuple([slice(None)] + window + [slice(None)])]


# --- pooling --------------------------------------------------------------------------------


def pool2d(x, pool_size, strides=(1, 1), padding="valid", data_format=None, pool_mode="max"):
    return _pool("pool2d", x, pool_size, strides, padding, data_format, pool_mode, 2)


def pool3d(x, pool_size, strides=(1, 1, 1), padding="valid", data_format=None, pool_mode="max"):
    return _pool("pool3d", x, pool_size, strides, padding, data_format, pool_mode, 3)


def _pool(function_name, x, pool_size, strides, padding, data_format, pool_mode, spatial):
    """Average pooling with "same" padding averages only the real (unpadded) entries."""
    data_format = normalize_data_format(data_format)
    x = to_tensor(x)
    if x.shape.rank != spatial + 2:
        _check_rank(function_name, x, spatial + 2, _layout(data_format, spatial))
    window = int_tuple(pool_size, spatial, function_name, "pool_size")
    strides = int_tuple(strides, spatial, function_name, "strides")
    padding = padding.upper()
    if spatial == 2 and type(x) is _EAGER:  # tf.nn.max_pool/avg_pool's own op for 4D input
        pool_op = gen_nn_ops.max_pool if pool_mode == "max" else gen_nn_ops.avg_pool
        result = pool_op(
            _to_channels_last(x, data_format),
            ksize=[1, window[0], window[1], 1],
            strides=[1, strides[0], strides[1], 1],
            padding=padding,
        )
        return _from_channels_last(result, data_format)
    pool = tf.nn.max_pool if pool_mode == "max" else tf.nn.avg_pool
    x = _to_channels_last(x, data_format)
    if spatial == 3 and x.dtype not in _POOL3D_DTYPES:
        result = _pool3d_by_planes(pool, x, window, strides, padding)
    else:
        result = pool(x, window, strides, padding)
    return _from_channels_last(result, data_format)


_POOL3D_DTYPES = (tf.float16, tf.bfloat16, tf.float32)  # TF's 3D pooling kernels (no float64)


def _pool3d_by_planes(pool, x, window, strides, padding):
    """3D pooling as 2D pooling of each depth plane, then 1D pooling across depth: exact for
    max and for the average (the window's valid region is a box), in every 2D-pool dtype."""
    batch, depth, rows, cols, channels = shape_list(x)
    planes = pool(tf.reshape(x, [-1, rows, cols, channels]), window[1:], strides[1:], padding)
    _, new_rows, new_cols, _ = shape_list(planes)
    columns = tf.reshape(planes, [batch, depth, new_rows * new_cols, channels])
    pooled = pool(columns, (window[0], 1), (strides[0], 1), padding)
    return tf.reshape(pooled, [batch, -1, new_rows, new_cols, channels])


# --- padding and resizing -------------------------------------------------------------------


def temporal_padding(x, padding=(1, 1)):
    x = to_tensor(x)
    _check_rank("temporal_padding", x, 3, "batch, steps, features")
    (pair,) = _padding_pairs("temporal_padding", [padding], 1)
    return tf.pad(x, [[0, 0], pair, [0, 0]])


def spatial_2d_padding(x, padding=((1, 1), (1, 1)), data_format=None):
    return _spatial_padding("spatial_2d_padding", x, padding, data_format, 2)


def spatial_3d_padding(x, padding=((1, 1), (1, 1), (1, 1)), data_format=None):
    return _spatial_padding("spatial_3d_padding", x, padding, data_format, 3)


def _spatial_padding(function_name, x, padding, data_format, spatial):
    data_format = normalize_data_format(data_format)
    x = to_tensor(x)
    _check_rank(function_name, x, spatial + 2, _layout(data_format, spatial))
    pairs = _padding_pairs(function_name, padding, spatial)
    if data_format == CHANNELS_FIRST:
        return tf.pad(x, [[0, 0], [0, 0]] + pairs)
    return tf.pad(x, [[0, 0]] + pairs + [[0, 0]])


def _padding_pairs(function_name, padding, count):
    pairs = [list(pair) for pair in padding]
    if len(pairs) != count or any(len(pair) != 2 for pair in pairs):
        raise ValueError(
            "%s(): padding must be %d pair(s) of (before, after) amounts, got %r."
            % (function_name, count, padding)
        )
    return pairs


def resize_images(x, height_factor, width_factor, data_format, interpolation="nearest"):
    data_format = normalize_data_format(data_format)
    x = to_tensor(x)
    _check_rank("resize_images", x, 4, _layout(data_format, 2))
    if interpolation == "nearest":
        return _repeat_spatial(x, (height_factor, width_factor), data_format)
    return _bilinear(x, height_factor, width_factor, data_format)


def _bilinear(x, height_factor, width_factor, data_format):
    """Half-pixel-centre bilinear upsampling, as TensorFlow 2 and tf_keras resize."""
    images = _to_channels_last(x, data_format)
    batch, rows, cols, channels = shape_list(images)
    size = [rows * height_factor, cols * width_factor]
    resized = tf.image.resize(images, tf.stack(size), method="bilinear")
    static = [d if isinstance(d, int) else None for d in [batch] + size + [channels]]
    resized.set_shape(static)
    return _from_channels_last(tf.cast(resized, x.dtype), data_format)


def resize_volumes(x, depth_factor, height_factor, width_factor, data_format):
    data_format = normalize_data_format(data_format)
    x = to_tensor(x)
    _check_rank("resize_volumes", x, 5, _layout(data_format, 3))
    return _repeat_spatial(x, (depth_factor, height_factor, width_factor), data_format)


def _repeat_spatial(x, factors, data_format):
    first = 2 if data_format == CHANNELS_FIRST else 1
    for offset, factor in enumerate(factors):
        x = tf.repeat(x, factor, axis=first + offset)
    return x
