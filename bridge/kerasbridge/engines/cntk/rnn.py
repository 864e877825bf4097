"""Loops over a tensor axis on CNTK: rnn, map_fn, foldl, foldr.

Loops over a known number of steps are unrolled into the graph, whatever ``unroll`` says:
CNTK's own recurrences run over its dynamic sequence axis, where every Keras operation would
see tensors without their batch and time axes. Unrolled graphs give exact Keras semantics
(masks, go_backwards, constants, any step function). A loop over an unknown number of steps is
refused with a clear error, except ``map_fn`` over an unknown batch size, which maps each
element through CNTK's batch axis.
"""

from . import core
from ._cntk import C
from .core import int_shape, mark_dtype, ndim, to_tensor


def _steps(x, axis, function_name):
    size = int_shape(x)[axis]
    if size is None:
        raise ValueError(
            "%s(): the CNTK engine unrolls loops and needs the number of steps (axis %d of "
            "shape %s). Give the placeholder a fixed size on that axis." % (
                function_name, axis, int_shape(x)))
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


def rnn(step_function, inputs, initial_states, go_backwards=False, mask=None, constants=None,
        unroll=False, input_length=None):
    inputs = to_tensor(inputs)
    if ndim(inputs) < 3:
        raise ValueError(
            "rnn(): inputs must have at least 3 axes (samples, time, ...), got shape %s."
            % (int_shape(inputs),))
    steps = _steps(inputs, 1, "rnn")
    order = range(steps - 1, -1, -1) if go_backwards else range(steps)
    states = list(initial_states)
    constants = list(constants or [])
    if mask is not None:
        mask = to_tensor(mask, like=inputs)
        if ndim(mask) == 3:  # (samples, time, 1)
            mask = C.reshape(mask, (), begin_axis=2, end_axis=3)
    outputs, previous = [], None
    for t in order:
        output, new_states = step_function(_take(inputs, 1, t), states + constants)
        new_states = list(new_states)
        if mask is not None:
            mask_t = _take(mask, 1, t)
            if previous is None:
                previous = C.zeros_like(output)
            output = C.element_select(_mask_like(mask_t, output), output, previous)
            new_states = [C.element_select(_mask_like(mask_t, new), new, old)
                          for new, old in zip(new_states, states)]
        outputs.append(output)
        previous, states = output, new_states
    return outputs[-1], _stack(outputs, 1), states


def map_fn(fn, elems, name=None, dtype=None):
    elems = to_tensor(elems)
    if int_shape(elems)[0] is None:
        # Unknown count: each element goes through CNTK's batch axis, fn sees one element.
        result = core.unpack_batch(to_tensor(fn(C.to_batch(elems))), None)
    else:
        results = [to_tensor(fn(_take(elems, 0, i))) for i in range(int_shape(elems)[0])]
        result = _stack(results, 0)
    return mark_dtype(result, core.dtype_name(dtype)) if dtype is not None else result


def _fold(fn, elems, initializer, backwards, function_name):
    elems = to_tensor(elems)
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
