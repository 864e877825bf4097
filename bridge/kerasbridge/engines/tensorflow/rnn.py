"""Loops over time and over elements: rnn, map_fn, foldl, foldr.

Masked time steps (Keras 2 semantics): the output repeats the previous step's output (zeros
before the first step) and the states keep their previous values.
"""

from typing import List, Tuple

import tensorflow as tf

# Their callables may close over placeholders (see _graph.symbolic_aware_with_callables).
TAKES_CALLABLES = frozenset(["rnn", "map_fn", "foldl", "foldr"])

# Iterations the executor may run at once (TF's default is 10): the ops of neighbouring steps
# that do not depend on the carried state (reading inputs, writing outputs, accumulating
# gradients) can overlap. Measured in bench/: 32 takes the 100-step train step from 1.10x to
# 1.02x of tf_keras, which uses 32 too.
_PARALLEL_ITERATIONS = 32


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
    inputs = tf.convert_to_tensor(inputs)
    if inputs.shape.rank is not None and inputs.shape.rank < 3:
        raise ValueError(
            "rnn(): inputs must have at least 3 dimensions (samples, time, ...), got shape %s."
            % (inputs.shape,)
        )
    steps_first = _time_major(inputs)
    step_masks = None if mask is None else _time_major(_as_step_mask(mask))
    if go_backwards:
        steps_first = tf.reverse(steps_first, [0])
        step_masks = None if step_masks is None else tf.reverse(step_masks, [0])
    loop = _unrolled if unroll else _while_loop
    last, outputs, states = loop(
        step_function,
        steps_first,
        list(initial_states),
        step_masks,
        list(constants or []),
        input_length,
    )
    return last, _time_major(outputs), states


def _time_major(tensor: tf.Tensor) -> tf.Tensor:
    """Swap the first two axes: (samples, time, ...) <-> (time, samples, ...)."""
    rank = tensor.shape.rank
    return tf.transpose(tensor, [1, 0] + list(range(2, rank)))


def _as_step_mask(mask) -> tf.Tensor:
    mask = tf.cast(mask, tf.bool)
    while mask.shape.rank is not None and mask.shape.rank > 2:
        mask = tf.squeeze(mask, -1)  # (samples, time, 1) -> (samples, time)
    return mask


def _masked(step_mask: tf.Tensor, new: tf.Tensor, old: tf.Tensor) -> tf.Tensor:
    """new where the step is unmasked, old elsewhere (the mask broadcast over feature axes)."""
    condition = step_mask
    for _ in range(new.shape.rank - 1):
        condition = tf.expand_dims(condition, -1)
    return tf.where(condition, new, old)


def _step(step_function, step_input, states, constants) -> Tuple[tf.Tensor, List[tf.Tensor]]:
    output, new_states = step_function(step_input, states + constants)
    return output, list(new_states)


def _unrolled(step_function, steps_first, states, step_masks, constants, input_length):
    count = steps_first.shape[0]
    if count is None:
        count = input_length
    if count is None:
        raise ValueError(
            "rnn(unroll = TRUE): the number of time steps must be known: give inputs a fixed "
            "time dimension, or pass input_length."
        )
    outputs = []  # type: List[tf.Tensor]
    for time in range(count):
        output, new_states = _step(step_function, steps_first[time], states, constants)
        if step_masks is not None:
            previous = outputs[-1] if outputs else tf.zeros_like(output)
            output = _masked(step_masks[time], output, previous)
            new_states = [_masked(step_masks[time], n, o) for n, o in zip(new_states, states)]
        outputs.append(output)
        states = new_states
    return outputs[-1], tf.stack(outputs), states


def _while_loop(step_function, steps_first, states, step_masks, constants, _input_length):
    count = tf.shape(steps_first)[0]
    # One step outside the loop gives the output's shape and dtype (as Keras 2 does).
    first_output, _ = _step(step_function, steps_first[0], states, constants)
    # Steps are read from TensorArrays: slicing the whole sequence at each step would make the
    # backward pass add a full-sequence-sized gradient per step.
    step_inputs = tf.TensorArray(steps_first.dtype, size=count).unstack(steps_first)
    written = tf.TensorArray(first_output.dtype, size=count, element_shape=first_output.shape)
    if step_masks is None:
        return _loop_without_mask(step_function, step_inputs, states, constants, count, written)
    masks = tf.TensorArray(step_masks.dtype, size=count).unstack(step_masks)

    def body(time, previous, states, written):
        output, new_states = _step(step_function, step_inputs.read(time), list(states), constants)
        step_mask = masks.read(time)
        output = _masked(step_mask, output, previous)
        new_states = [_masked(step_mask, n, o) for n, o in zip(new_states, states)]
        return time + 1, output, new_states, written.write(time, output)

    _, last, states, written = tf.while_loop(
        lambda time, *_: time < count,
        body,
        (tf.constant(0), tf.zeros_like(first_output), states, written),
        parallel_iterations=_PARALLEL_ITERATIONS,
    )
    return last, written.stack(), list(states)


def _loop_without_mask(step_function, step_inputs, states, constants, count, written):
    """Without a mask the previous output is not needed: it is not carried through the loop."""

    def body(time, states, written):
        output, new_states = _step(step_function, step_inputs.read(time), list(states), constants)
        return time + 1, new_states, written.write(time, output)

    _, states, written = tf.while_loop(
        lambda time, *_: time < count,
        body,
        (tf.constant(0), states, written),
        parallel_iterations=_PARALLEL_ITERATIONS,
    )
    outputs = written.stack()
    return outputs[-1], outputs, list(states)


def map_fn(fn, elems, name=None, dtype=None):
    signature = None if dtype is None else tf.as_dtype(dtype)
    return tf.map_fn(fn, elems, name=name, fn_output_signature=signature)


def foldl(fn, elems, initializer=None, name=None):
    return tf.foldl(fn, elems, initializer=initializer, name=name)


def foldr(fn, elems, initializer=None, name=None):
    return tf.foldr(fn, elems, initializer=initializer, name=name)
