"""Loops over time and over elements: rnn, map_fn, foldl, foldr, through lax.scan.

Masked time steps (Keras 2 semantics): the output repeats the previous step's output (zeros
before the first step) and the states keep their previous values. The callables may close
over placeholders and variables: these become inputs of the recorded node (see _graph).
"""

import jax
import jax.numpy as jnp

from . import _graph as G
from ._values import to_array


@G.op(callables=True)
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
    inputs = to_array(inputs)
    if inputs.ndim < 3:
        raise ValueError(
            "rnn(): inputs must have at least 3 dimensions (samples, time, ...), got shape %s."
            % (tuple(inputs.shape),)
        )
    steps_first = jnp.swapaxes(inputs, 0, 1)
    step_masks = None if mask is None else jnp.swapaxes(_as_step_mask(mask), 0, 1)
    if go_backwards:
        steps_first = jnp.flip(steps_first, 0)
        step_masks = None if step_masks is None else jnp.flip(step_masks, 0)
    states = [to_array(s) for s in initial_states]
    constants = [to_array(c) if not callable(c) else c for c in constants or []]
    loop = _unrolled if unroll else _scanned
    last, outputs, states = loop(
        step_function, steps_first, states, step_masks, constants, input_length
    )
    return last, jnp.swapaxes(outputs, 0, 1), states


def _as_step_mask(mask):
    mask = to_array(mask).astype(bool)
    while mask.ndim > 2:
        mask = jnp.squeeze(mask, -1)  # (samples, time, 1) -> (samples, time)
    return mask


def _masked(step_mask, new, old):
    """new where the step is unmasked, old elsewhere (the mask broadcast over feature axes)."""
    condition = jnp.reshape(step_mask, step_mask.shape + (1,) * (new.ndim - 1))
    return jnp.where(condition, new, old)


def _step(step_function, step_input, states, constants, index=None):
    """One step; index is the step's number when the loop is traced once (random draws fold
    it in), None when each step is traced on its own (unroll)."""
    arguments = (step_function, step_input, list(states) + list(constants))
    if index is None:
        output, new_states = G.call_user(*arguments)
    else:
        output, new_states = G.call_in_step(index, *arguments)
    output = to_array(output)
    new_states = [to_array(n).astype(o.dtype) for n, o in zip(new_states, states)]
    return output, new_states


def _unrolled(step_function, steps_first, states, step_masks, constants, input_length):
    count = steps_first.shape[0]
    if not isinstance(count, int):
        count = input_length
    if count is None:
        raise ValueError(
            "rnn(unroll = TRUE): the number of time steps must be known: give inputs a fixed "
            "time dimension, or pass input_length."
        )
    outputs = []
    for time in range(count):
        output, new_states = _step(step_function, steps_first[time], states, constants)
        if step_masks is not None:
            previous = outputs[-1] if outputs else jnp.zeros_like(output)
            output = _masked(step_masks[time], output, previous)
            new_states = [_masked(step_masks[time], n, o) for n, o in zip(new_states, states)]
        outputs.append(output)
        states = new_states
    return outputs[-1], jnp.stack(outputs), states


def _scanned(step_function, steps_first, states, step_masks, constants, _input_length):
    # The output's shape and dtype, from one step traced aside (as Keras 2 runs one first).
    first = jax.eval_shape(
        lambda x, s: _step(step_function, x, s, constants)[0], steps_first[0], states
    )
    indices = _step_indices(steps_first.shape[0])
    if step_masks is None:

        def body(carry, step):
            index, step_input = step
            output, new_states = _step(step_function, step_input, carry, constants, index)
            return new_states, output.astype(first.dtype)

        states, outputs = jax.lax.scan(body, states, (indices, steps_first))
        return outputs[-1], outputs, states

    def masked_body(carry, step):
        previous, old_states = carry
        index, step_input, step_mask = step
        output, new_states = _step(step_function, step_input, old_states, constants, index)
        output = _masked(step_mask, output.astype(first.dtype), previous)
        new_states = [_masked(step_mask, n, o) for n, o in zip(new_states, old_states)]
        return (output, new_states), output

    start = (jnp.zeros(first.shape, first.dtype), states)
    steps = (indices, steps_first, step_masks)
    (last, states), outputs = jax.lax.scan(masked_body, start, steps)
    return last, outputs, states


def _step_indices(count):
    return jnp.arange(count, dtype=jnp.uint32)


@G.op(callables=True)
def map_fn(fn, elems, name=None, dtype=None):
    elems = to_array(elems)

    def apply(step):
        index, element = step
        result = to_array(G.call_in_step(index, fn, element))
        return result if dtype is None else result.astype(dtype)

    return jax.lax.map(apply, (_step_indices(elems.shape[0]), elems))


def _fold(fn, elems, initializer, reverse):
    elems = to_array(elems)
    if initializer is None:
        initializer = elems[-1] if reverse else elems[0]
        elems = elems[:-1] if reverse else elems[1:]
    initializer = to_array(initializer)

    def body(total, step):
        index, element = step
        result = to_array(G.call_in_step(index, fn, total, element))
        return result.astype(initializer.dtype), None

    steps = (_step_indices(elems.shape[0]), elems)
    result, _ = jax.lax.scan(body, initializer, steps, reverse=reverse)
    return result


@G.op(callables=True)
def foldl(fn, elems, initializer=None, name=None):
    return _fold(fn, elems, initializer, False)


@G.op(callables=True)
def foldr(fn, elems, initializer=None, name=None):
    return _fold(fn, elems, initializer, True)
