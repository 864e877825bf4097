"""Loops over a tensor axis on CNTK: rnn, map_fn, foldl, foldr.

A loop over a known number of steps is unrolled into the graph, whatever ``unroll`` says: exact
Keras semantics for any step function, and CNTK evaluates it fast. A loop over an unknown number
of steps becomes a CNTK recurrence: the looped axis is made CNTK's dynamic sequence axis (after
a batch axis holding one sample), so each step still sees a static tensor of Keras shape, e.g.
(samples, features); states are fed back with ``past_value``. ``map_fn`` over an unknown count
maps each element through CNTK's batch axis.
"""

from . import _tensors, core
from ._cntk import C
from ._tensors import as_variable, mark_dtype, to_tensor
from .core import int_shape, ndim


def _as_sequence(x, axis, backwards=False, like=None):
    """x with ``axis`` as a CNTK sequence axis; elements keep the other axes, in order.
    With ``like`` (a sequence), the new one shares its sequence axis."""
    rank = ndim(x)
    order = [axis] + [a for a in range(rank) if a != axis]
    moved = C.transpose(x, order) if axis else x
    if backwards:
        moved = C.slice(moved, 0, 0, 0, strides=-1)
    if rank == 1:  # CNTK makes sequences from data of rank >= 2: add an axis, drop it after
        moved = C.reshape(moved, (1,), begin_axis=1, end_axis=1)
    one_sample = C.reshape(moved, (1,), begin_axis=0, end_axis=0)
    batch = C.to_batch(one_sample)
    sequence = C.to_sequence(batch) if like is None else C.to_sequence_like(batch, like)
    return C.reshape(sequence, ()) if rank == 1 else sequence


def _from_sequence(sequence, axis):
    """The inverse of _as_sequence: the sequence axis back to a static axis at ``axis``."""
    unpacked = C.unpack_batch(C.sequence.unpack(sequence, 0.0, no_mask_output=True))
    stacked = C.reshape(unpacked, (), begin_axis=0, end_axis=1)
    if not axis:
        return stacked
    rank = ndim(stacked)
    order = list(range(1, axis + 1)) + [0] + list(range(axis + 1, rank))
    return C.transpose(stacked, order)


def _last(sequence):
    return C.reshape(C.unpack_batch(C.sequence.last(sequence)), (), begin_axis=0, end_axis=1)


def _shape(x):
    return tuple(as_variable(x).shape)


def _previous_values(sequence, initial_values):
    """For each initial value: the placeholder that will stand for the value at the previous
    step, and that previous value (the initial value at the first step)."""
    placeholders = [
        C.placeholder(shape=_shape(v), dynamic_axes=sequence.dynamic_axes) for v in initial_values
    ]
    previous = [
        C.sequence.past_value(p, initial_state=to_tensor(v))
        for p, v in zip(placeholders, initial_values)
    ]
    return placeholders, previous


def _close_loops(placeholders, new_values):
    """Feed each new value back into its placeholder: the recurrence is complete."""
    mapping = {p: as_variable(v) for p, v in zip(placeholders, new_values)}
    C.combine([as_variable(v) for v in new_values]).replace_placeholders(mapping)


def _steps(x, axis, function_name):
    size = int_shape(x)[axis]
    if size is None:
        raise ValueError(
            "%s(): the CNTK engine needs the number of steps (axis %d of shape %s) here. "
            "Give the placeholder a fixed size on that axis." % (function_name, axis, int_shape(x))
        )
    return size


def _take(x, axis, index):
    """x[index] along axis, with that axis removed."""
    part = C.slice(x, axis, index, index + 1)
    return mark_dtype(C.reshape(part, (), begin_axis=axis, end_axis=axis + 1), core.dtype(x))


def _stack(parts, axis):
    spread = [C.reshape(p, (1,), begin_axis=axis, end_axis=axis) for p in parts]
    return C.splice(*spread, axis=axis) if len(spread) > 1 else spread[0]


def _mask_like(mask_t, value):
    """A (batch,) mask reshaped to broadcast over value's trailing axes."""
    extra = ndim(value) - 1
    if extra <= 0:
        return mask_t
    return C.reshape(mask_t, (1,) * extra, begin_axis=1, end_axis=1)


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
    inputs = to_tensor(inputs)
    if ndim(inputs) < 3:
        raise ValueError(
            "rnn(): inputs must have at least 3 dimensions (samples, time, ...), got shape %s."
            % (int_shape(inputs),)
        )
    if mask is not None:
        mask = to_tensor(mask, like=inputs)
        if ndim(mask) == 3:  # (samples, time, 1)
            mask = C.reshape(mask, (), begin_axis=2, end_axis=3)
    if int_shape(inputs)[1] is None:
        return _rnn_recurrence(
            step_function, inputs, list(initial_states), go_backwards, mask, list(constants or [])
        )
    steps = int_shape(inputs)[1]
    order = range(steps - 1, -1, -1) if go_backwards else range(steps)
    states = list(initial_states)
    constants = list(constants or [])
    outputs, previous = [], None
    for t in order:
        output, new_states = step_function(_take(inputs, 1, t), states + constants)
        new_states = list(new_states)
        if mask is not None:
            mask_t = _take(mask, 1, t)
            if previous is None:
                previous = C.zeros_like(output)
            output = C.element_select(_mask_like(mask_t, output), output, previous)
            new_states = [
                C.element_select(_mask_like(mask_t, new), new, old)
                for new, old in zip(new_states, states)
            ]
        outputs.append(output)
        previous, states = output, new_states
    return outputs[-1], _stack(outputs, 1), states


def _rnn_recurrence(step_function, inputs, initial_states, go_backwards, mask, constants):
    """rnn over an unknown number of time steps, as a CNTK recurrence."""
    sequence = _as_sequence(inputs, 1, go_backwards)  # elements: (samples, features...)
    placeholders, previous = _previous_values(sequence, initial_states)
    output, new_states = step_function(sequence, previous + constants)
    output, new_states = to_tensor(output), [to_tensor(s) for s in new_states]
    if mask is not None:
        mask_t = _as_sequence(mask, 1, go_backwards, like=sequence)  # elements: (samples,)
        output_holder, (previous_output,) = _previous_values(
            sequence, [C.zeros_like(_first_output_shape(output))]
        )
        output = C.element_select(_mask_like(mask_t, output), output, previous_output)
        new_states = [
            C.element_select(_mask_like(mask_t, new), new, old)
            for new, old in zip(new_states, previous)
        ]
        _close_loops(placeholders + output_holder, new_states + [output])
    else:
        _close_loops(placeholders, new_states)
    return _last(output), _from_sequence(output, 1), [_last(s) for s in new_states]


def _first_output_shape(output):
    """A static tensor shaped like one step's output (zeros start the masked outputs)."""
    return C.reshape(C.unpack_batch(C.sequence.first(output)), (), begin_axis=0, end_axis=1)


def map_fn(fn, elems, name=None, dtype=None):
    elems = to_tensor(elems)
    if int_shape(elems)[0] is None:
        # Unknown count: each element goes through CNTK's batch axis, fn sees one element.
        result = _tensors.unpack_batch(to_tensor(fn(C.to_batch(elems))), None)
    else:
        results = [to_tensor(fn(_take(elems, 0, i))) for i in range(int_shape(elems)[0])]
        result = _stack(results, 0)
    return mark_dtype(result, _tensors.dtype_name(dtype)) if dtype is not None else result


def _fold_recurrence(fn, elems, initializer, backwards):
    """A fold over an unknown number of elements, as a CNTK recurrence."""
    sequence = _as_sequence(elems, 0, backwards)
    if initializer is None:  # start from the first element: no fn at the first step
        placeholders, (previous,) = _previous_values(sequence, [_last(sequence) * 0.0])
        folded = C.element_select(
            C.sequence.is_first(sequence), sequence, to_tensor(fn(previous, sequence))
        )
    else:
        placeholders, (previous,) = _previous_values(sequence, [initializer])
        folded = to_tensor(fn(previous, sequence))
    _close_loops(placeholders, [folded])
    return _last(folded)


def _fold(fn, elems, initializer, backwards, function_name):
    elems = to_tensor(elems)
    if int_shape(elems)[0] is None:
        return _fold_recurrence(fn, elems, initializer, backwards)
    indices = list(range(_steps(elems, 0, function_name)))
    if backwards:
        indices.reverse()
    if initializer is None:
        accumulator, indices = _take(elems, 0, indices[0]), indices[1:]
    else:
        accumulator = initializer
    for index in indices:
        accumulator = fn(accumulator, _take(elems, 0, index))
    return accumulator


def foldl(fn, elems, initializer=None, name=None):
    return _fold(fn, elems, initializer, False, "foldl")


def foldr(fn, elems, initializer=None, name=None):
    return _fold(fn, elems, initializer, True, "foldr")
