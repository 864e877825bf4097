"""The functions added for Keras 2.3.1 parity that tf_keras's v1 backend namespace lacks, or
has with a behaviour the spec does not (each says why). Plain graph-mode TensorFlow, like
tf_keras itself here (see _library)."""

import tensorflow as tf

from .. import common
from ..arithmetic import int_tuple, same_padding
from ._library import tfk


def is_tensor(x):
    # Not exported by tf_keras.backend (Keras 2.3.1's TensorFlow backend has it).
    return isinstance(x, (tf.Tensor, tf.Variable, tf.SparseTensor))


def is_variable(x):
    # Not exported by tf_keras.backend.
    return isinstance(x, tf.Variable)


def is_placeholder(x):
    # Not exported by tf_keras.backend; Keras 2.3.1 asks the tensor's op, as here.
    if isinstance(x, tf.SparseTensor):
        x = x.values
    return (
        isinstance(x, tf.Tensor)
        and getattr(x, "op", None) is not None
        and (x.op.type == "Placeholder")
    )


def get_variable_shape(x):
    # Not exported by tf_keras.backend (Keras 2.3.1 has it: int_shape).
    return tfk.int_shape(x)


def control_dependencies(control_inputs):
    # Not exported by tf_keras.backend (Keras 2.3.1 returns TensorFlow's).
    return tf.control_dependencies(control_inputs)


def size(x, name=None):
    # Not exported by tf_keras.backend.
    return tf.size(x, out_type=tf.int32, name=name)


def slice(x, start, size):
    # Not exported by tf_keras.backend.
    x = tf.convert_to_tensor(x)
    rank = x.shape.rank
    if not tf.is_tensor(start) and not tf.is_tensor(size):
        if rank is not None and not len(start) == len(size) == rank:
            raise ValueError(
                "slice(): start and size must have one entry per axis of x (%d), got start %r "
                "and size %r." % (rank, tuple(start), tuple(size))
            )
    return tf.slice(x, start, size)


def repeat(x, n):
    # tf_keras asserts on the rank (an AssertionError); the spec raises a ValueError.
    if tfk.ndim(x) != 2:
        raise ValueError(
            "repeat(): x must be a 2D tensor (samples, dim), got shape %s. Use "
            "repeat_elements() or tile() for other ranks." % (tfk.int_shape(x),)
        )
    return tfk.repeat(x, n)


def unstack(x, axis=0, num=None, name=None):
    # Not in Keras 2.3.1; R keras 2.x's k_unstack calls tf.unstack.
    return tf.unstack(x, num=num, axis=axis, name=name or "unstack")


def pattern_broadcast(x, broadcastable):
    # Theano-only in Keras 2.3.1; here (as on every engine but Theano) a checked identity.
    x = tf.convert_to_tensor(x)
    flags = list(broadcastable)
    known = tfk.int_shape(x)
    if known is not None and len(flags) != len(known):
        raise ValueError(
            "pattern_broadcast(): broadcastable must have one flag per axis of x (%d), got %r."
            % (len(known), flags)
        )
    for axis, flag in enumerate(flags):
        if flag and known is not None and known[axis] not in (None, 1):
            raise ValueError(
                "pattern_broadcast(): axis %d of x is flagged broadcastable but has size %d; "
                "only axes of size 1 can broadcast." % (axis, known[axis])
            )
    return x


def random_bernoulli(shape, p=0.0, dtype=None, seed=None):
    # tf_keras's, with kerasbridge's floatx (tf_keras reads its own).
    return tfk.random_bernoulli(shape, p, dtype or common.floatx(), seed)


def _data_format(data_format):
    return common.normalize_data_format(data_format)


def _pair(value):
    return int_tuple(value, 2)


def depthwise_conv2d(
    x, depthwise_kernel, strides=(1, 1), padding="valid", data_format=None, dilation_rate=(1, 1)
):
    # tf_keras hands unequal strides to TensorFlow's depthwise kernel, which takes equal ones
    # only: those are computed at stride 1 (padded as the strided "same" would be) and then
    # subsampled, as the TensorFlow engine does.
    data_format = _data_format(data_format)
    strides, dilation_rate = _pair(strides), _pair(dilation_rate)
    if strides[0] == strides[1]:
        return tfk.depthwise_conv2d(
            x, depthwise_kernel, strides, padding, data_format, dilation_rate
        )
    images = tf.convert_to_tensor(x)
    if data_format == "channels_first":
        images = tf.transpose(images, [0, 2, 3, 1])
    if padding == "same":
        pads = [[0, 0]]
        for axis, stride in zip((1, 2), strides):
            size, window = tf.shape(images)[axis], tfk.int_shape(depthwise_kernel)[axis - 1]
            pads.append(list(same_padding(size, window, stride, maximum=tf.maximum)))
        images = tf.pad(images, pads + [[0, 0]])
    result = tf.nn.depthwise_conv2d(images, depthwise_kernel, (1, 1, 1, 1), "VALID")
    result = result[:, :: strides[0], :: strides[1], :]
    if data_format == "channels_first":
        result = tf.transpose(result, [0, 3, 1, 2])
    return result


def separable_conv1d(
    x,
    depthwise_kernel,
    pointwise_kernel,
    strides=1,
    padding="valid",
    data_format=None,
    dilation_rate=1,
):
    # Not exported by tf_keras.backend. As Keras 2.3.1: a separable_conv2d over a row of
    # height 1, with the stride repeated on that row so that the strides are equal.
    data_format = _data_format(data_format)
    (stride,), (dilation,) = int_tuple(strides, 1), int_tuple(dilation_rate, 1)
    row_axis = 1 if data_format == "channels_last" else 2
    result = tfk.separable_conv2d(
        tf.expand_dims(x, row_axis),
        tf.expand_dims(depthwise_kernel, 0),
        tf.expand_dims(pointwise_kernel, 0),
        (stride, stride),
        padding,
        data_format,
        (1, dilation),
    )
    return tf.squeeze(result, [row_axis])


def conv3d_transpose(x, kernel, output_shape, strides=(1, 1, 1), padding="valid", data_format=None):
    # Not exported by tf_keras.backend, and tf_keras's own fails on a None batch size.
    data_format = _data_format(data_format)
    x = tf.convert_to_tensor(x)
    strides = int_tuple(strides, 3)
    shape = list(output_shape)
    if len(shape) != 5:
        raise ValueError(
            "conv3d_transpose(): output_shape must have 5 entries (batch, then the output "
            "volume in the data format's layout), got %r." % (output_shape,)
        )
    if shape[0] is None:
        shape[0] = tf.shape(x)[0]
    if data_format == "channels_first":
        x = tf.transpose(x, [0, 2, 3, 4, 1])
        shape = [shape[0], shape[2], shape[3], shape[4], shape[1]]
    result = tf.nn.conv3d_transpose(
        x, kernel, tf.stack(shape), (1,) + strides + (1,), padding=padding.upper()
    )
    if data_format == "channels_first":
        result = tf.transpose(result, [0, 4, 1, 2, 3])
    return result
