"""Tensor functions whose tf_keras counterpart is missing, refuses inputs the spec allows,
or behaves differently from the spec; each says why. Every other tensor function is
tf_keras's own."""

import numpy as np
import tensorflow as tf

from .. import arithmetic, common
from ._library import tfk


def identity(x, name=None):
    # Not exported by tf_keras.backend.
    return tf.identity(x, name=name)


def logsumexp(x, axis=None, keepdims=False):
    # Not exported by tf_keras.backend.
    return tf.reduce_logsumexp(x, axis=axis, keepdims=keepdims)


def eye(size, dtype=None, name=None):
    # tf_keras's eye takes one size; the spec also takes (rows, columns).
    rows, columns = (size, size) if np.ndim(size) == 0 else tuple(size)
    return tfk.variable(np.eye(rows, columns), dtype or common.floatx(), name)


def dot(x, y):
    # tf_keras's dot fails on a 1-D operand (it calls matmul); the spec's dot is NumPy's
    # there: a vector contracts with the last axis of x or the second-to-last axis of y.
    x_rank, y_rank = tfk.ndim(x), tfk.ndim(y)
    if x_rank != 1 and y_rank != 1:
        return tfk.dot(x, y)
    return tf.tensordot(x, y, axes=[[x_rank - 1], [max(y_rank - 2, 0)]])


def tile(x, n):
    # tf_keras hands n to tf.tile as given; Keras 2.3.1 (and the spec) pads a shorter n with
    # leading ones, so tile(x, 2) on a matrix repeats its columns. (Counts in a tensor: as given.)
    if tf.is_tensor(n):
        return tfk.tile(x, n)
    n = (n,) if np.ndim(n) == 0 else tuple(n)
    missing = tfk.ndim(x) - len(n)
    return tfk.tile(x, (1,) * missing + n if missing > 0 else n)


def bias_add(x, bias, data_format=None):
    # tf_keras sends channels_first input of rank 2 to the NCHW kernel, which needs rank 3 or
    # more; with one feature axis there is nothing to move, and Keras 2.3.1 adds the bias.
    if tfk.ndim(x) == 2 and tfk.ndim(bias) == 1:
        return tf.nn.bias_add(x, bias)
    return tfk.bias_add(x, bias, data_format)


def arange(start, stop=None, step=1, dtype="int32"):
    # tf_keras compares a lone start with 0 in Python, which a graph tensor refuses; Keras
    # 2.3.1 takes a tensor there (a negative one gives an empty range, as NumPy does).
    if stop is None and tf.is_tensor(start):
        start, stop = 0, tf.maximum(start, 0)
    return tfk.arange(start, stop, step, dtype)


def batch_flatten(x):
    # tf_keras reshapes to a size computed at run time, so the result's static shape loses
    # the feature size even when it is known; code sizes weights with K.int_shape of it.
    x = tf.convert_to_tensor(x)
    features = x.shape[1:]
    if not features.is_fully_defined():
        return tfk.batch_flatten(x)
    return tf.reshape(x, [-1, features.num_elements()])


def stop_gradient(variables):
    # tf_keras returns a map iterator for a list; the spec returns a list.
    if isinstance(variables, (list, tuple)):
        return [tf.stop_gradient(v) for v in variables]
    return tf.stop_gradient(variables)


def switch(condition, then_expression, else_expression):
    # tf_keras needs the condition as a tensor (a Python bool fails on ``.dtype``), and with
    # a 1-D condition and higher-rank expressions it hands mismatched shapes to tf.where
    # (it aligns the condition's ranks only from 2-D up); the spec selects leading rows.
    if isinstance(condition, (bool, np.bool_, int, np.integer)):
        condition = tf.constant(bool(condition))
    if tfk.ndim(condition) == 1:
        then_expression, else_expression = _called(then_expression), _called(else_expression)
        extra_axes = tfk.ndim(then_expression) - 1
        condition = tf.reshape(condition, tf.concat([tf.shape(condition), [1] * extra_axes], 0))
    return tfk.switch(condition, then_expression, else_expression)


def _called(expression):
    return expression() if callable(expression) else expression


def dropout(x, level, noise_shape=None, seed=None):
    # tf_keras passes noise_shape to tf.nn.dropout as given, which refuses None entries;
    # the spec allows None for a dimension taken from x (an unknown batch size).
    if noise_shape is not None and any(size is None for size in noise_shape):
        sizes = tf.shape(x)
        noise_shape = tf.stack(
            [sizes[i] if size is None else size for i, size in enumerate(noise_shape)]
        )
    return tfk.dropout(x, level, noise_shape, seed)


def rnn(
    step_function,
    inputs,
    initial_states,
    go_backwards=False,
    mask=None,
    constants=None,
    unroll=False,
    input_length=None,
):
    # tf_keras ignores input_length, and unrolling needs the number of steps in the static
    # shape: when the time dimension is unknown, input_length declares it (checked at run
    # time by tf.ensure_shape).
    if unroll and input_length is not None and tfk.int_shape(inputs)[1] is None:
        inputs = _with_time_steps(inputs, input_length)
        mask = None if mask is None else _with_time_steps(mask, input_length)
    return tfk.rnn(
        step_function, inputs, initial_states, go_backwards, mask, constants, unroll, input_length
    )


def _with_time_steps(tensor, steps):
    shape = list(tfk.int_shape(tensor))
    shape[1] = steps
    return tf.ensure_shape(tensor, shape)


def batch_normalization(x, mean, var, beta, gamma, axis=-1, epsilon=0.001):
    # On a machine without a GPU, tf_keras sends channels-first 4D input to the fused kernel
    # without first flattening broadcast parameters of shape (1, C, 1, 1), which that kernel
    # refuses. Broadcast parameters are applied by the plain formula (what the spec says).
    if tfk.ndim(x) == 4 and axis in (1, -3) and tfk.ndim(mean) > 1:
        return tf.nn.batch_normalization(x, mean, var, beta, gamma, epsilon)
    return tfk.batch_normalization(x, mean, var, beta, gamma, axis, epsilon)


def normalize_batch_in_training(x, gamma, beta, reduction_axes, epsilon=0.001):
    # Theano's batch-norm modes, which the spec takes as Keras 2.3.1's Theano backend does.
    axes = arithmetic.reduction_axes(reduction_axes, tfk.ndim(x))
    return tfk.normalize_batch_in_training(x, gamma, beta, axes, epsilon)


def ctc_decode(
    y_pred, input_length, greedy=True, beam_width=100, top_paths=1, merge_repeated=False
):
    # tf_keras pads decoded paths to the number of time steps; Keras 2.3.1 (and every other
    # engine here) pads them to the longest decoded path. tf_keras also has no merge_repeated:
    # its beam search uses TensorFlow's default merge_repeated=True, which merges the repeated
    # labels of a labeling ("a a" -> "a") and so misses the most probable labelings; the
    # spec's default is False. So decoding is done here, on TensorFlow's decoders.
    log_probs = tf.math.log(tf.transpose(y_pred, perm=[1, 0, 2]) + common.epsilon())
    lengths = tf.reshape(tf.cast(input_length, tf.int32), [-1])
    if greedy:
        decoded, log_prob = tf.nn.ctc_greedy_decoder(log_probs, lengths)
    else:
        decoded, log_prob = tf.compat.v1.nn.ctc_beam_search_decoder(
            log_probs,
            lengths,
            beam_width=beam_width,
            top_paths=top_paths,
            merge_repeated=merge_repeated,
        )
    return [tf.sparse.to_dense(path, -1) for path in decoded], log_prob


def _print_value(message, value):
    print("%s %s" % (message, value), flush=True)
    return np.bool_(True)


def print_tensor(x, message=""):
    # tf_keras prints with tf.print ("msg [[1]]", from C++, past Python's sys.stdout); Keras
    # 2.3.1 writes the message, a space and the value as NumPy prints it ("msg [[1.]]").
    if isinstance(x, tf.Tensor) and hasattr(x, "graph"):  # symbolic (an eager one has none)
        with x.graph.as_default():
            printed = tf.numpy_function(
                lambda value: _print_value(message, value), [x], tf.bool, stateful=True
            )
            with tf.control_dependencies([printed]):
                return tf.identity(x)
    _print_value(message, np.asarray(tfk.get_value(x)))  # a variable's value needs its session
    return x
