"""Loops over a leading axis: rnn, map_fn, foldl and foldr, through the library's scan."""

from . import _library as L
from . import _shapes
from .core import as_tensor
from .math import reverse

T = L.T


def _time_major(x):
    return x.dimshuffle([1, 0] + list(range(2, x.ndim)))


def _like(value, reference):
    """value with reference's dtype and broadcastable pattern (scan needs exact types)."""
    value = T.cast(value, reference.dtype) if value.dtype != reference.dtype else value
    return L.match_broadcastable(value, reference.broadcastable)


def _masked(mask_t, new, old):
    """new where the step is not masked, else old (mask_t is (samples,))."""
    flag = mask_t.dimshuffle([0] + ["x"] * (new.ndim - 1))
    return T.switch(flag, new, old)


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
    inputs = as_tensor(inputs)
    if inputs.ndim < 3:
        raise ValueError(
            "rnn(): inputs must have at least 3 dimensions (samples, time, features...), "
            "got %d." % inputs.ndim
        )
    constants = list(constants or [])
    states = [as_tensor(s) for s in initial_states]
    sequence = _time_major(reverse(inputs, 1) if go_backwards else inputs)
    flags = None
    if mask is not None:
        mask = as_tensor(mask)
        mask = mask if mask.ndim == 2 else T.reshape(mask, (mask.shape[0], mask.shape[1]))
        flags = _time_major(reverse(mask, 1) if go_backwards else mask)
        flags = T.cast(flags, "bool")
    if unroll:
        return _unrolled(step_function, sequence, flags, states, constants, input_length, inputs)
    return _scanned(step_function, sequence, flags, states, constants)


def _advance_generators(updates):
    """A random draw inside a loop's step takes its generator's state as a shared variable
    whose default update is written in the step's own variables, which no function can
    compute. The loop returns the state after its last step: as the default update, it makes
    every step draw anew and every call of a function advance the generator, as random ops
    inside TensorFlow's loops do (Keras 2.3.1's Theano backend drops it, and such a function
    fails to compile with a MissingInputError)."""
    for shared, after_loop in updates.items():
        shared.default_update = after_loop


def _first_output(step_function, sequence, states, constants):
    output, _ = step_function(sequence[0], states + constants)
    return T.zeros_like(as_tensor(output))


def _scanned(step_function, sequence, flags, states, constants):
    initial_output = _first_output(step_function, sequence, states, constants)
    count = len(states)

    def step(*arguments):
        if flags is None:
            x_t, previous_output, previous_states, given = (
                arguments[0],
                arguments[1],
                list(arguments[2 : 2 + count]),
                list(arguments[2 + count :]),
            )
            output, new_states = step_function(x_t, previous_states + given)
            output = as_tensor(output)
        else:
            x_t, mask_t, previous_output, previous_states, given = (
                arguments[0],
                arguments[1],
                arguments[2],
                list(arguments[3 : 3 + count]),
                list(arguments[3 + count :]),
            )
            output, new_states = step_function(x_t, previous_states + given)
            output = _masked(mask_t, as_tensor(output), previous_output)
            new_states = [
                _masked(mask_t, as_tensor(s), old) for s, old in zip(new_states, previous_states)
            ]
        results = [_like(output, initial_output)]
        results += [_like(as_tensor(s), old) for s, old in zip(new_states, states)]
        return results

    sequences = [sequence] if flags is None else [sequence, flags]
    results, updates = L.scan(
        step, sequences=sequences, outputs_info=[initial_output] + states, non_sequences=constants
    )
    _advance_generators(updates)
    if not isinstance(results, (list, tuple)):  # scan returns a lone output unwrapped (no states)
        results = [results]
    outputs = results[0]
    new_states = [r[-1] for r in results[1:]]
    return outputs[-1], _time_major(outputs), new_states


def _unrolled(step_function, sequence, flags, states, constants, input_length, inputs):
    steps = _shapes.int_shape(inputs)[1] or input_length
    if steps is None:
        raise ValueError(
            "rnn(unroll = TRUE) needs the number of time steps: give inputs a known time "
            "dimension or pass input_length."
        )
    outputs, previous_output = [], None
    for t in range(steps):
        output, new_states = step_function(sequence[t], states + constants)
        output, new_states = as_tensor(output), [as_tensor(s) for s in new_states]
        if flags is not None:
            previous_output = T.zeros_like(output) if previous_output is None else previous_output
            output = _masked(flags[t], output, previous_output)
            new_states = [_masked(flags[t], s, old) for s, old in zip(new_states, states)]
        outputs.append(output)
        previous_output, states = output, new_states
    stacked = T.stack(outputs, axis=1)
    return outputs[-1], stacked, states


def map_fn(fn, elems, name=None, dtype=None):
    results, updates = L.scan(fn, sequences=[as_tensor(elems)])
    _advance_generators(updates)
    return T.cast(results, dtype) if dtype is not None else results


def _fold(fn, elems, initializer, backwards):
    elems = as_tensor(elems)
    if backwards:
        elems = elems[::-1]
    if initializer is None:
        initializer, elems = elems[0], elems[1:]
    initializer = as_tensor(initializer)

    def step(x, accumulator):
        return _like(as_tensor(fn(accumulator, x)), initializer)

    results, updates = L.scan(step, sequences=[elems], outputs_info=[initializer])
    _advance_generators(updates)
    return results[-1]


def foldl(fn, elems, initializer=None, name=None):
    return _fold(fn, elems, initializer, backwards=False)


def foldr(fn, elems, initializer=None, name=None):
    return _fold(fn, elems, initializer, backwards=True)
