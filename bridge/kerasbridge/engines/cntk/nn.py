"""Activations, losses, normalization, convolutions, pooling, padding and resizing on CNTK.

CNTK convolves and pools over its dynamic batch axis, channels first: the batch axis is moved
there with ``to_batch`` and back with ``unpack_batch``. Two CNTK gaps are filled here, so
results match Keras 2 (TensorFlow) exactly:
- "same" padding is computed the TensorFlow way (extra row/column at the end) and applied
  explicitly; CNTK's automatic padding centres differently for even kernels;
- dilation is not implemented by CNTK on CPU: kernels are dilated with zeros instead.
"""

import itertools

import numpy as np

from .. import arithmetic, common
from ..arithmetic import int_tuple
from . import math as kmath
from . import random as krandom
from ._cntk import C
from ._tensors import as_variable, mark_dtype, static_shape, to_pair, to_tensor, unpack_batch
from .core import int_shape, is_tensor, ndim

# ---------------------------------------------------------------------------------------------
# Activations


def relu(x, alpha=0.0, max_value=None, threshold=0.0):
    x = to_tensor(x)
    if threshold != 0:
        negative_part = C.relu(threshold - x)
        result = x * C.greater(x, threshold)
    else:
        negative_part = C.relu(-x)
        result = C.relu(x)
    if max_value is not None:
        result = C.clip(result, 0.0, float(max_value))
    if alpha != 0:
        result = result - alpha * negative_part
    return result


def elu(x, alpha=1.0):
    x = to_tensor(x)
    return C.element_select(C.greater(x, 0), x, alpha * (C.exp(x) - 1.0))


def softmax(x, axis=-1):
    x = to_tensor(x)
    return C.softmax(x, axis=kmath._axis(x, axis))


def sigmoid(x):
    return C.sigmoid(to_tensor(x))


def softplus(x):
    return C.softplus(to_tensor(x))


def softsign(x):
    x = to_tensor(x)
    return x / (C.abs(x) + 1.0)


def hard_sigmoid(x):
    return C.clip(0.2 * to_tensor(x) + 0.5, 0.0, 1.0)


# ---------------------------------------------------------------------------------------------
# Losses


def _clip_probabilities(output):
    eps = common.epsilon()
    return C.clip(output, eps, 1.0 - eps)


def binary_crossentropy(target, output, from_logits=False):
    output, target = to_pair(output, target)
    if not from_logits:  # back to logits, as Keras 2: clipped so the loss stays finite
        output = _clip_probabilities(output)
        output = C.log(output / (1.0 - output))
    # max(x, 0) - x z + log(1 + exp(-|x|)): stable for large logits
    return C.relu(output) - output * target + C.log(1.0 + C.exp(-C.abs(output)))


def categorical_crossentropy(target, output, from_logits=False, axis=-1):
    output, target = to_pair(output, target)
    axis = kmath._axis(output, axis)
    if from_logits:
        log_probabilities = C.log_softmax(output, axis=axis)
    else:
        output = output / C.reduce_sum(output, axis=axis, keepdims=True)
        log_probabilities = C.log(_clip_probabilities(output))
    return -C.reduce_sum(target * log_probabilities, axis=axis, keepdims=False)


def sparse_categorical_crossentropy(target, output, from_logits=False, axis=-1):
    output = to_tensor(output)
    target = to_tensor(target, like=output)
    rank = ndim(output)
    axis = kmath._axis(output, axis)
    if ndim(target) == rank:  # (..., 1) labels: drop the trailing axis
        target = C.reshape(target, (), begin_axis=rank - 1, end_axis=rank)
    classes = int_shape(output)[axis]
    if as_variable(target).dtype != as_variable(output).dtype:
        target = C.cast(target, as_variable(output).dtype)
    if axis != rank - 1:
        order = [a for a in range(rank) if a != axis] + [axis]
        output = C.transpose(output, order)
    return categorical_crossentropy(C.one_hot(target, classes), output, from_logits, -1)


# ---------------------------------------------------------------------------------------------
# Normalization


def l2_normalize(x, axis=None):
    x = to_tensor(x)
    axes = kmath._axes(x, axis)
    squares = C.reduce_sum(C.square(x), axis=axes, keepdims=True)
    return x / C.sqrt(C.element_max(squares, 1e-12))


def _broadcastable(value, x, axis):
    """A per-channel vector reshaped to broadcast against x along axis."""
    if value is None or not is_tensor(value) and np.ndim(value) == 0:
        return value
    value = to_tensor(value, like=x) if not is_tensor(value) else value
    rank = ndim(x)
    if ndim(value) == 1 and rank > 1 and axis != rank - 1:
        shape = [1] * rank
        shape[axis] = int_shape(value)[0]
        value = C.reshape(value, tuple(shape[1:])) if shape[0] == 1 else value
    return value


def batch_normalization(x, mean, var, beta, gamma, axis=-1, epsilon=0.001):
    x = to_tensor(x)
    axis = kmath._axis(x, axis)
    mean, var = _broadcastable(mean, x, axis), _broadcastable(var, x, axis)
    beta, gamma = _broadcastable(beta, x, axis), _broadcastable(gamma, x, axis)
    result = (x - mean) / C.sqrt(var + epsilon)
    if gamma is not None:
        result = result * gamma
    if beta is not None:
        result = result + beta
    return result


def normalize_batch_in_training(x, gamma, beta, reduction_axes, epsilon=0.001):
    x = to_tensor(x)
    axes = kmath._axes(x, list(arithmetic.reduction_axes(reduction_axes, ndim(x))))
    mean = C.reduce_mean(x, axis=axes, keepdims=True)
    variance = C.reduce_mean(C.square(x - mean), axis=axes, keepdims=True)
    kept = [a for a in range(ndim(x)) if a not in axes]
    if len(kept) == 1:  # per-channel gamma and beta: broadcast along the one kept axis
        gamma = _broadcastable(gamma, x, kept[0])
        beta = _broadcastable(beta, x, kept[0])
    normed = (x - mean) / C.sqrt(variance + epsilon)
    if gamma is not None:
        normed = normed * gamma
    if beta is not None:
        normed = normed + beta
    squeezed = [C.reshape(t, tuple(static_shape(t)[a] for a in kept)) for t in (mean, variance)]
    return normed, squeezed[0], squeezed[1]


def bias_add(x, bias, data_format=None):
    data_format = common.normalize_data_format(data_format)
    x = to_tensor(x)
    bias = to_tensor(bias, like=x) if not is_tensor(bias) else bias
    rank, bias_rank = ndim(x), ndim(bias)
    if bias_rank != 1 and bias_rank != rank - 1:
        raise ValueError(
            "bias_add(): bias must have rank 1 or %d (the rank of x minus one), got shape %s "
            "for x of shape %s." % (rank - 1, int_shape(bias), int_shape(x))
        )
    if data_format == "channels_first" and rank > 2:
        if bias_rank == 1:
            bias = C.reshape(bias, (int_shape(bias)[0],) + (1,) * (rank - 2))
        else:  # reshaped, not transposed, to (channels, spatial...): Keras 2.3.1's layout
            sizes = int_shape(bias)
            bias = C.reshape(bias, (sizes[-1],) + tuple(sizes[:-1]))
    return x + bias


def in_top_k(predictions, targets, k):
    predictions = to_tensor(predictions)
    targets = to_tensor(targets, like=predictions)
    classes = int_shape(predictions)[-1]
    target_score = C.reduce_sum(predictions * C.one_hot(targets, classes), axis=-1, keepdims=False)
    if k >= classes:
        return mark_dtype(C.equal(target_score, target_score), "bool")  # every finite one is in
    kth_best = C.reduce_min(C.top_k(predictions, k).outputs[0], axis=-1, keepdims=False)
    return mark_dtype(C.greater_equal(target_score, kth_best), "bool")


def dropout(x, level, noise_shape=None, seed=None):
    x = to_tensor(x)
    if not 0 <= level < 1:
        raise ValueError("dropout(): level must be in [0, 1), got %r." % (level,))
    shape_source = x
    if noise_shape is not None:
        # Axes where noise_shape is 1 share one draw: draw on a slice of size 1 there.
        for axis, size in enumerate(noise_shape):
            if size == 1 and int_shape(x)[axis] != 1:
                shape_source = C.slice(shape_source, axis, 0, 1)
    draw = krandom.uniform_like(shape_source, seed)
    keep = C.greater_equal(draw, level)
    return x * keep / (1.0 - level)


# ---------------------------------------------------------------------------------------------
# Convolution helpers (channels-first layout, explicit padding)


def _spatial_rank(x):
    return ndim(x) - 2


def _to_channels_first(x, data_format):
    if data_format == "channels_first":
        return x
    rank = ndim(x)
    return C.transpose(x, [0, rank - 1] + list(range(1, rank - 1)))


def _from_channels_first(x, data_format):
    if data_format == "channels_first":
        return x
    rank = ndim(x)
    return C.transpose(x, [0] + list(range(2, rank)) + [1])


def _same_padding(size, kernel, stride, dilation, function_name):
    """TensorFlow's "same" padding (before, after) along one axis; at stride 1 it does not
    depend on the size, which may then be unknown."""
    if size is None:
        if stride != 1:
            raise ValueError(
                '%s(): padding="same" with strides > 1 needs the spatial size, got None. Give '
                "the placeholder fixed spatial dimensions." % function_name
            )
        size = 1
    return arithmetic.same_padding(size, kernel, stride, dilation)


def _pad_spatial(x, pads, value=0.0):
    if not any(before or after for before, after in pads):
        return x
    pattern = [(0, 0), (0, 0)] + [tuple(p) for p in pads]
    return C.pad(x, pattern=pattern, mode=C.CONSTANT_PAD, constant_value=value)


def _dilate_kernel(kernel, dilation):
    """Spread a (O, I, k...) kernel with zeros between taps (CNTK has no dilation on CPU)."""
    rank = ndim(kernel) - 2
    for axis, rate in zip(range(2, 2 + rank), dilation):
        if rate == 1:
            continue
        size = int_shape(kernel)[axis]
        parts = []
        for index in range(size):
            parts.append(C.slice(kernel, axis, index, index + 1))
            if index < size - 1:
                gap_shape = list(int_shape(kernel))
                gap_shape[axis] = rate - 1
                parts.append(C.constant(np.zeros(gap_shape, dtype=as_variable(kernel).dtype)))
        kernel = C.splice(*parts, axis=axis)
    return kernel


def _convolve(x, kernel, strides, groups=1):
    """Valid convolution of channels-first x (batch first) with a (O, I, k...) kernel."""
    result = C.convolution(
        kernel, C.to_batch(x), strides=strides, auto_padding=[False], groups=groups
    )
    return unpack_batch(result, int_shape(x)[0])


def _conv(x, kernel, strides, padding, data_format, dilation_rate, rank, function_name):
    data_format = common.normalize_data_format(data_format)
    x, kernel = to_pair(x, kernel)
    strides, dilation = int_tuple(strides, rank), int_tuple(dilation_rate, rank)
    x = _to_channels_first(x, data_format)
    # Keras kernel (k..., in, out) -> CNTK (out, in, k...)
    kernel = C.transpose(kernel, [rank + 1, rank] + list(range(rank)))
    kernel = _dilate_kernel(kernel, dilation)
    if padding == "same":
        sizes = int_shape(x)[2:]
        kernel_sizes = int_shape(kernel)[2:]
        x = _pad_spatial(
            x,
            [
                _same_padding(n, k, s, 1, function_name)
                for n, k, s in zip(sizes, kernel_sizes, strides)
            ],
        )
    return _from_channels_first(_convolve(x, kernel, strides), data_format)


def conv1d(x, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1):
    if padding == "causal":
        data_format = common.normalize_data_format(data_format)
        dilation = int_tuple(dilation_rate, 1)[0]
        left = (int_shape(kernel)[0] - 1) * dilation
        x = (
            temporal_padding(x, (left, 0))
            if data_format == "channels_last"
            else C.pad(to_tensor(x), pattern=[(0, 0), (0, 0), (left, 0)])
        )
        padding = "valid"
    return _conv(x, kernel, strides, padding, data_format, dilation_rate, 1, "conv1d")


def conv2d(x, kernel, strides=(1, 1), padding="valid", data_format=None, dilation_rate=(1, 1)):
    return _conv(x, kernel, strides, padding, data_format, dilation_rate, 2, "conv2d")


def conv3d(
    x, kernel, strides=(1, 1, 1), padding="valid", data_format=None, dilation_rate=(1, 1, 1)
):
    return _conv(x, kernel, strides, padding, data_format, dilation_rate, 3, "conv3d")


def _upsample_with_zeros(x, strides):
    """Insert stride - 1 zeros between the spatial elements of channels-first x."""
    for axis, stride in zip(range(2, ndim(x)), strides):
        if stride == 1:
            continue
        size = int_shape(x)[axis]
        spread = C.reshape(x, (1,), begin_axis=axis + 1, end_axis=axis + 1)
        spread = C.pad(
            spread,
            pattern=[(0, 0)] * (axis + 1) + [(0, stride - 1)] + [(0, 0)] * (ndim(x) - axis - 1),
        )
        merged = C.reshape(spread, (size * stride,), begin_axis=axis, end_axis=axis + 2)
        x = C.slice(merged, axis, 0, (size - 1) * stride + 1)
    return x


def conv2d_transpose(
    x, kernel, output_shape, strides=(1, 1), padding="valid", data_format=None, dilation_rate=(1, 1)
):
    # The transpose of a strided convolution: spread x with zeros, pad, and correlate with the
    # flipped kernel (in and out channels swapped).
    data_format = common.normalize_data_format(data_format)
    x, kernel = to_pair(x, kernel)
    strides, dilation = int_tuple(strides, 2), int_tuple(dilation_rate, 2)
    x = _to_channels_first(x, data_format)
    output_shape = tuple(output_shape)
    out_spatial = output_shape[1:3] if data_format == "channels_last" else output_shape[2:4]
    in_spatial = int_shape(x)[2:]
    if None in in_spatial or None in out_spatial:
        raise ValueError(
            "conv2d_transpose(): the CNTK engine needs known spatial sizes of x and "
            "output_shape, got %s and %s." % (int_shape(x), output_shape)
        )
    kernel_sizes = int_shape(kernel)[:2]
    pads = []
    for n_in, n_out, k, s, d in zip(in_spatial, out_spatial, kernel_sizes, strides, dilation):
        effective = (k - 1) * d + 1
        before_forward = (
            _same_padding(n_out, k, s, d, "conv2d_transpose")[0] if padding == "same" else 0
        )
        before = effective - 1 - before_forward
        after = n_out + effective - 1 - before - ((n_in - 1) * s + 1)
        pads.append((before, after))
    spread = _upsample_with_zeros(x, strides)
    spread = _pad_spatial(spread, [(b, max(a, 0)) for b, a in pads])
    for axis, (_, after) in zip((2, 3), pads):
        if after < 0:
            spread = C.slice(spread, axis, 0, after)
    flipped = C.slice(C.slice(kernel, 0, 0, 0, strides=-1), 1, 0, 0, strides=-1)
    cntk_kernel = _dilate_kernel(C.transpose(flipped, [2, 3, 0, 1]), dilation)
    return _from_channels_first(_convolve(spread, cntk_kernel, (1, 1)), data_format)


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
    x, depthwise_kernel = to_pair(x, depthwise_kernel)
    x = _to_channels_first(x, data_format)
    spread = _depthwise_channels_first(
        x, depthwise_kernel, strides, padding, dilation_rate, "separable_conv2d"
    )
    pointwise = C.transpose(to_pair(x, pointwise_kernel)[1], [3, 2, 0, 1])
    return _from_channels_first(_convolve(spread, pointwise, (1, 1)), data_format)


def depthwise_conv2d(
    x, depthwise_kernel, strides=(1, 1), padding="valid", data_format=None, dilation_rate=(1, 1)
):
    data_format = common.normalize_data_format(data_format)
    x, depthwise_kernel = to_pair(x, depthwise_kernel)
    x = _to_channels_first(x, data_format)
    spread = _depthwise_channels_first(
        x, depthwise_kernel, strides, padding, dilation_rate, "depthwise_conv2d"
    )
    return _from_channels_first(spread, data_format)


def _depthwise_channels_first(x, depthwise_kernel, strides, padding, dilation_rate, caller):
    # A grouped convolution of channels-first x: group c (input channel c) makes outputs
    # c*mult .. c*mult+mult-1, so the kernel goes (kh, kw, in, mult) -> (in * mult, 1, kh, kw).
    strides, dilation = int_tuple(strides, 2), int_tuple(dilation_rate, 2)
    height, width, channels, multiplier = int_shape(depthwise_kernel)
    if int_shape(x)[1] != channels:  # CNTK's own message speaks of groups
        raise ValueError(
            "%s(): the depthwise kernel %s is for %d input channels, but x has %d channels; "
            "a depthwise kernel is (rows, columns, input channels, multiplier)."
            % (caller, int_shape(depthwise_kernel), channels, int_shape(x)[1])
        )
    kernel = C.transpose(
        C.reshape(depthwise_kernel, (height, width, channels * multiplier)), [2, 0, 1]
    )
    kernel = _dilate_kernel(C.reshape(kernel, (channels * multiplier, 1, height, width)), dilation)
    if padding == "same":
        sizes = int_shape(x)[2:]
        x = _pad_spatial(
            x,
            [
                _same_padding(n, k, s, d, caller)
                for n, k, s, d in zip(sizes, (height, width), strides, dilation)
            ],
        )
    return _convolve(x, kernel, strides, groups=channels)


def separable_conv1d(
    x,
    depthwise_kernel,
    pointwise_kernel,
    strides=1,
    padding="valid",
    data_format=None,
    dilation_rate=1,
):
    # A separable_conv2d over one row of height 1.
    data_format = common.normalize_data_format(data_format)
    x = to_tensor(x)
    row_axis = 1 if data_format == "channels_last" else 2
    rows = C.reshape(x, (1,), begin_axis=row_axis, end_axis=row_axis)
    depthwise = C.reshape(to_pair(x, depthwise_kernel)[1], (1,), begin_axis=0, end_axis=0)
    pointwise = C.reshape(to_pair(x, pointwise_kernel)[1], (1,), begin_axis=0, end_axis=0)
    result = separable_conv2d(
        rows,
        depthwise,
        pointwise,
        (1,) + int_tuple(strides, 1),
        padding,
        data_format,
        (1,) + int_tuple(dilation_rate, 1),
    )
    return C.reshape(result, (), begin_axis=row_axis, end_axis=row_axis + 1)


def conv3d_transpose(x, kernel, output_shape, strides=(1, 1, 1), padding="valid", data_format=None):
    # As conv2d_transpose, over three spatial axes: spread x with zeros, pad, and correlate
    # with the flipped kernel (in and out channels swapped).
    data_format = common.normalize_data_format(data_format)
    x, kernel = to_pair(x, kernel)
    strides = int_tuple(strides, 3)
    x = _to_channels_first(x, data_format)
    output_shape = tuple(output_shape)
    if len(output_shape) != 5:
        raise ValueError(
            "conv3d_transpose(): output_shape must have 5 entries (batch, then the output "
            "volume in the data format's layout), got %r." % (output_shape,)
        )
    out_spatial = output_shape[1:4] if data_format == "channels_last" else output_shape[2:5]
    in_spatial = int_shape(x)[2:]
    if None in in_spatial or None in out_spatial:
        raise ValueError(
            "conv3d_transpose(): the CNTK engine needs known spatial sizes of x and "
            "output_shape, got %s and %s." % (int_shape(x), output_shape)
        )
    pads = []
    for n_in, n_out, k, s in zip(in_spatial, out_spatial, int_shape(kernel)[:3], strides):
        before_forward = (
            _same_padding(n_out, k, s, 1, "conv3d_transpose")[0] if padding == "same" else 0
        )
        before = k - 1 - before_forward
        after = n_out + k - 1 - before - ((n_in - 1) * s + 1)
        pads.append((before, after))
    spread = _upsample_with_zeros(x, strides)
    spread = _pad_spatial(spread, [(b, max(a, 0)) for b, a in pads])
    for axis, (_, after) in zip((2, 3, 4), pads):
        if after < 0:
            spread = C.slice(spread, axis, 0, after)
    flipped = kernel
    for axis in range(3):
        flipped = C.slice(flipped, axis, 0, 0, strides=-1)
    cntk_kernel = C.transpose(flipped, [3, 4, 0, 1, 2])
    return _from_channels_first(_convolve(spread, cntk_kernel, (1, 1, 1)), data_format)


# ---------------------------------------------------------------------------------------------
# Pooling


def _pool(x, pool_size, strides, padding, data_format, pool_mode, rank, function_name):
    data_format = common.normalize_data_format(data_format)
    x = _to_channels_first(to_tensor(x), data_format)
    window, strides = int_tuple(pool_size, rank), int_tuple(strides, rank)
    pool_type = C.MAX_POOLING if pool_mode == "max" else C.AVG_POOLING
    correction = None
    if padding == "same":
        sizes = int_shape(x)[2:]
        pads = [_same_padding(n, k, s, 1, function_name) for n, k, s in zip(sizes, window, strides)]
        lowest = float(np.finfo(as_variable(x).dtype).min)
        x = _pad_spatial(x, pads, value=lowest if pool_mode == "max" else 0.0)
        if pool_mode == "avg":
            correction = _average_correction(sizes, pads, window, strides, as_variable(x).dtype)
    pooled = unpack_batch(
        C.pooling(C.to_batch(x), pool_type, window, strides=strides, auto_padding=[False]),
        int_shape(x)[0],
    )
    if correction is not None:  # padded zeros are not part of an average in Keras
        pooled = pooled * C.constant(correction)
    return _from_channels_first(pooled, data_format)


def _average_correction(sizes, pads, window, strides, dtype):
    """window size / number of real (unpadded) elements, for each output position."""
    factors = []
    for size, (before, after), k, s in zip(sizes, pads, window, strides):
        real = np.concatenate([np.zeros(before), np.ones(size), np.zeros(after)])
        counts = [real[i * s : i * s + k].sum() for i in range((len(real) - k) // s + 1)]
        factors.append(k / np.asarray(counts))
    grid = factors[0]
    for factor in factors[1:]:
        grid = np.multiply.outer(grid, factor)
    return grid.astype(dtype)


def pool2d(x, pool_size, strides=(1, 1), padding="valid", data_format=None, pool_mode="max"):
    return _pool(x, pool_size, strides, padding, data_format, pool_mode, 2, "pool2d")


def pool3d(x, pool_size, strides=(1, 1, 1), padding="valid", data_format=None, pool_mode="max"):
    return _pool(x, pool_size, strides, padding, data_format, pool_mode, 3, "pool3d")


# ---------------------------------------------------------------------------------------------
# Locally connected layers


def _local_conv(inputs, kernel, kernel_size, strides, output_shape, data_format, rank):
    data_format = common.normalize_data_format(data_format)
    inputs, kernel = to_pair(inputs, kernel)
    kernel_size, strides = int_tuple(kernel_size, rank), int_tuple(strides, rank)
    first_spatial = 2 if data_format == "channels_first" else 1
    patches = []
    for position in itertools.product(*[range(size) for size in output_shape]):
        patch = inputs
        for offset, (index, size, stride) in enumerate(zip(position, kernel_size, strides)):
            patch = C.slice(patch, first_spatial + offset, index * stride, index * stride + size)
        flat = C.reshape(patch, (-1,), begin_axis=1)  # (batch, features), input order
        patches.append(C.reshape(flat, (1,), begin_axis=0, end_axis=0))
    stacked = C.splice(*patches, axis=0) if len(patches) > 1 else patches[0]
    # (positions, batch, features) x (positions, features, filters) -> (positions, batch, filters)
    product = unpack_batch(C.times(C.to_batch(stacked), C.to_batch(kernel)), int_shape(stacked)[0])
    grid = C.reshape(product, tuple(output_shape), begin_axis=0, end_axis=1)
    spatial = list(range(rank))
    if data_format == "channels_first":
        order = [rank, rank + 1] + spatial
    else:
        order = [rank] + spatial + [rank + 1]
    return C.transpose(grid, order)


def local_conv1d(inputs, kernel, kernel_size, strides, data_format=None):
    data_format = common.normalize_data_format(data_format)
    output_length = int_shape(kernel)[0]
    return _local_conv(inputs, kernel, kernel_size, strides, (output_length,), data_format, 1)


def local_conv2d(inputs, kernel, kernel_size, strides, output_shape, data_format=None):
    return _local_conv(inputs, kernel, kernel_size, strides, tuple(output_shape), data_format, 2)


# ---------------------------------------------------------------------------------------------
# Padding and resizing


def temporal_padding(x, padding=(1, 1)):
    x = to_tensor(x)
    return C.pad(x, pattern=[(0, 0), tuple(int(p) for p in padding), (0, 0)])


def _spatial_padding(x, padding, data_format, rank):
    data_format = common.normalize_data_format(data_format)
    x = to_tensor(x)
    pairs = [tuple(int(p) for p in pair) for pair in padding]
    if len(pairs) != rank:
        raise ValueError(
            "padding needs %d (before, after) pairs, one per spatial axis, got %s."
            % (rank, padding)
        )
    if data_format == "channels_first":
        pattern = [(0, 0), (0, 0)] + pairs
    else:
        pattern = [(0, 0)] + pairs + [(0, 0)]
    return C.pad(x, pattern=pattern)


def spatial_2d_padding(x, padding=((1, 1), (1, 1)), data_format=None):
    return _spatial_padding(x, padding, data_format, 2)


def spatial_3d_padding(x, padding=((1, 1), (1, 1), (1, 1)), data_format=None):
    return _spatial_padding(x, padding, data_format, 3)


def _spatial_axes(x, data_format, rank):
    data_format = common.normalize_data_format(data_format)
    return list(range(2, 2 + rank)) if data_format == "channels_first" else list(range(1, 1 + rank))


def _resize_bilinear_axis(x, axis, factor):
    """TensorFlow 2's bilinear resize (half-pixel centres) by an integer factor along one axis.

    Output row f * i + r samples the input at i + d with d = (r + 0.5) / f - 0.5, a blend of
    row i with its next (d >= 0) or previous (d < 0) neighbour; edges repeat (TF clamps). Built
    from shifted copies rather than a weight matrix, so it also works when the size is unknown.
    """
    padded = C.pad(
        x, pattern=[(1, 1) if a == axis else (0, 0) for a in range(ndim(x))], mode=C.SYMMETRIC_PAD
    )  # a symmetric pad of 1 repeats the edge rows
    previous, following = C.slice(padded, axis, 0, -2), C.slice(padded, axis, 2, 0)
    phases = []
    for remainder in range(factor):
        offset = (remainder + 0.5) / factor - 0.5
        neighbour = following if offset >= 0 else previous
        blended = x * (1.0 - abs(offset)) + neighbour * abs(offset)
        phases.append(C.reshape(blended, (1,), begin_axis=axis + 1, end_axis=axis + 1))
    interleaved = C.splice(*phases, axis=axis + 1)
    return C.reshape(interleaved, (-1,), begin_axis=axis, end_axis=axis + 2)


def resize_images(x, height_factor, width_factor, data_format, interpolation="nearest"):
    x = to_tensor(x)
    axes = _spatial_axes(x, data_format, 2)
    for axis, factor in zip(axes, (height_factor, width_factor)):
        if interpolation == "nearest":
            x = kmath.repeat_elements(x, factor, axis)
        else:
            x = _resize_bilinear_axis(x, axis, factor)
    return x


def resize_volumes(x, depth_factor, height_factor, width_factor, data_format):
    x = to_tensor(x)
    axes = _spatial_axes(x, data_format, 3)
    for axis, factor in zip(axes, (depth_factor, height_factor, width_factor)):
        x = kmath.repeat_elements(x, factor, axis)
    return x
