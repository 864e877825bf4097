"""Convolution, pooling and padding written once for both libraries.

Neither library has all of these on every version (PyTensor dropped pooling, and conv in 3.x;
2.30's conv runs in Python), so they are built from window patches (_patches) and tensordot.
Everything here works on channels_last tensors: (batch, spatial..., channels).
"""

import numpy as np

from . import _library as L
from . import _patches, _shapes

T = L.T


def size(x, axis):
    """The static size of an axis when known, else the symbolic one."""
    static = _shapes.int_shape(x)[axis]
    return static if static is not None else x.shape[axis]


def is_static(*values):
    return not any(L.is_tensor(v) for v in values)


def channels_last(x, data_format):
    if data_format == "channels_last":
        return x
    return x.dimshuffle([0] + list(range(2, x.ndim)) + [1])


def restore_format(x, data_format):
    if data_format == "channels_last":
        return x
    return x.dimshuffle([0, x.ndim - 1] + list(range(1, x.ndim - 1)))


# --- padding -----------------------------------------------------------------------------------


def pad(x, pads, value=0):
    """Pad x with value: pads maps each axis to a (before, after) pair of sizes."""
    if all(is_static(lo, hi) and lo == 0 and hi == 0 for lo, hi in pads.values()):
        return x
    shape, window = [], []
    for axis in range(x.ndim):
        lo, hi = pads.get(axis, (0, 0))
        shape.append(x.shape[axis] + lo + hi)
        window.append(slice(lo, lo + x.shape[axis]))
    filled = T.alloc(T.cast(value, x.dtype), *shape)
    return T.set_subtensor(filled[tuple(window)], x)


# --- sliding windows ---------------------------------------------------------------------------


def _taps(kernel, rank):
    taps = _shapes.int_shape(kernel)[:rank]
    if None in taps:
        raise ValueError(
            "convolution needs the kernel's spatial size, got a kernel of shape %s. Use a "
            "variable or a placeholder with a fully known shape." % (_shapes.int_shape(kernel),)
        )
    return taps


def convolve(x, kernel, strides, padding, dilations):
    """N-d convolution (cross-correlation, as Keras): kernel is (taps..., in, out)."""
    rank = x.ndim - 2
    windows = _patches.patches(x, _taps(kernel, rank), strides, dilations, padding)
    contracted = list(range(x.ndim - 1, windows.ndim))  # taps..., channels
    return T.tensordot(windows, kernel, axes=[contracted, list(range(rank + 1))])


def depthwise(x, kernel, strides, padding, dilations):
    """Each input channel convolved with its own filters: kernel is (taps..., in, multiplier).

    A convolution with a block-diagonal kernel: output channel c * multiplier + m sees only
    input channel c, as TensorFlow orders them.
    """
    channels = kernel.shape[-2]
    diagonal = T.eye(channels, dtype=kernel.dtype)
    rank = kernel.ndim - 2
    spread = kernel.dimshuffle(list(range(rank)) + [rank, "x", rank + 1]) * diagonal.dimshuffle(
        ["x"] * rank + [0, 1, "x"]
    )
    full = T.reshape(spread, [kernel.shape[a] for a in range(rank + 1)] + [-1], ndim=rank + 2)
    return convolve(x, _shapes.declare(full, _depthwise_shape(kernel)), strides, padding, dilations)


def _depthwise_shape(kernel):
    shape = _shapes.int_shape(kernel)
    out = None if None in shape[-2:] else shape[-2] * shape[-1]
    return shape[:-1] + (out,)


def transpose_convolve(x, kernel, output_shape, strides, padding, dilations):
    """The transpose (adjoint) of convolve: kernel is (taps..., out channels, in channels)."""
    rank = x.ndim - 2
    spread = T.tensordot(x, kernel, axes=[[x.ndim - 1], [kernel.ndim - 1]])
    return _patches.scatter(
        spread, T.stack(list(output_shape)), _taps(kernel, rank), strides, dilations, padding
    )


def pool(x, pool_size, strides, padding, mode):
    rank = x.ndim - 2
    ones = (1,) * rank
    window_axes = list(range(x.ndim - 1, x.ndim - 1 + rank))
    if mode == "max":
        windows = _patches.patches(x, pool_size, strides, ones, padding, fill=-np.inf)
        return T.max(windows, axis=window_axes)
    total = T.sum(_patches.patches(x, pool_size, strides, ones, padding), axis=window_axes)
    if padding == "valid":
        return total / int(np.prod(pool_size))  # a Python int keeps the float type
    return total / _window_counts(x, pool_size, strides, padding)


def _window_counts(x, pool_size, strides, padding):
    """How many real (unpadded) elements each average-pooling window covers."""
    rank = x.ndim - 2
    unit = T.ones([1] + [x.shape[a] for a in range(1, x.ndim - 1)] + [1], dtype=x.dtype)
    windows = _patches.patches(unit, pool_size, strides, (1,) * rank, padding)
    counts = T.sum(windows, axis=list(range(x.ndim - 1, x.ndim - 1 + rank)))
    return L.declare_broadcastable(counts, [0, x.ndim - 1])
