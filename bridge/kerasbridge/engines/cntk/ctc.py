"""Connectionist temporal classification on CNTK.

The loss is the CTC forward (alpha) recursion written with CNTK operations, in log space,
vectorised over the batch and the label positions and unrolled over time; CNTK differentiates
it. (CNTK's own ``forward_backward`` needs labels as a graph on dynamic sequence axes, which this
engine keeps static.) As in Keras 2, the blank is the last class, ``y_pred`` holds probabilities
and they are renormalised after adding epsilon, as TensorFlow's softmax of log(y_pred + eps) does.

Decoding (greedy or prefix beam search) is not differentiable and runs in NumPy: directly when
its inputs hold values, or inside the graph through a CNTK user function when they depend on
placeholders. The decoded sequences are padded with -1 to the number of time steps
(a static size), in both cases.
"""

import numpy as np

from .. import common
from . import _function, _tensors, core
from ._cntk import FREE, C
from ._tensors import as_variable, mark_dtype, to_tensor
from .core import int_shape, is_tensor

_LOG_ZERO = -1e10  # log(0) stand-in: finite, so gradients stay finite


# ---------------------------------------------------------------------------------------------
# Loss


def _logsumexp3(a, b, c):
    top = C.element_max(C.element_max(a, b), c)
    return top + C.log(C.exp(a - top) + C.exp(b - top) + C.exp(c - top))


def _shift_right(x, steps):
    """x (batch, S) shifted right along S, filled with log(0)."""
    size = int_shape(x)[1]
    kept = C.slice(x, 1, 0, size - steps)
    return C.pad(kept, pattern=[(0, 0), (steps, 0)], mode=C.CONSTANT_PAD, constant_value=_LOG_ZERO)


def _extended_labels(labels, blank):
    """(batch, L) labels -> (batch, 2L + 1) with blanks around and between them."""
    length = int_shape(labels)[1]
    column = C.reshape(labels, (1,), begin_axis=2, end_axis=2)  # (batch, L, 1)
    pairs = C.splice(C.ones_like(column) * float(blank), column, axis=2)  # (batch, L, 2)
    flat = C.reshape(pairs, (2 * length,), begin_axis=1, end_axis=3)
    return C.pad(flat, pattern=[(0, 0), (0, 1)], mode=C.CONSTANT_PAD, constant_value=blank)


def _as_column(x, like):
    x = to_tensor(x, like=like) if not is_tensor(x) else x
    if as_variable(x).dtype != as_variable(like).dtype:
        x = C.cast(x, as_variable(like).dtype)
    return (
        C.reshape(x, (1,), begin_axis=1)
        if len(int_shape(x)) == 2
        else C.reshape(x, (1,), begin_axis=1, end_axis=1)
    )


def ctc_batch_cost(y_true, y_pred, input_length, label_length):
    y_pred = to_tensor(y_pred)
    y_true = to_tensor(y_true, like=y_pred) if not is_tensor(y_true) else y_true
    if as_variable(y_true).dtype != as_variable(y_pred).dtype:
        y_true = C.cast(y_true, as_variable(y_pred).dtype)
    steps, classes = int_shape(y_pred)[1], int_shape(y_pred)[2]
    if steps is None or int_shape(y_true)[1] is None:
        raise ValueError(
            "ctc_batch_cost(): the CNTK engine needs the number of time steps and the maximum "
            "label length, got y_pred %s and y_true %s." % (int_shape(y_pred), int_shape(y_true))
        )
    blank = classes - 1
    input_length = _as_column(input_length, y_pred)  # (batch, 1)
    label_length = _as_column(label_length, y_pred)
    labels = _extended_labels(C.clip(y_true, 0.0, float(blank)), blank)  # (batch, S)
    positions = int_shape(labels)[1]
    log_probs = C.log_softmax(C.log(y_pred + common.epsilon()), axis=2)
    one_hot = C.one_hot(labels, classes)  # (batch, S, classes)
    # emissions[b, t, s] = log p(labels[b, s] at time t)
    emissions = _tensors.unpack_batch(
        C.times_transpose(C.to_batch(log_probs), C.to_batch(one_hot)), int_shape(y_pred)[0]
    )
    two_back = _shift_right(labels, 2)
    can_skip = C.not_equal(labels, float(blank)) * C.not_equal(labels, two_back)
    skip_penalty = (1.0 - can_skip) * _LOG_ZERO
    start = np.full((positions,), _LOG_ZERO, dtype=as_variable(y_pred).dtype)
    start[:2] = 0.0
    alpha = _emission_at(emissions, 0) + C.constant(start)
    for t in range(1, steps):
        stepped = _logsumexp3(
            alpha, _shift_right(alpha, 1), _shift_right(alpha, 2) + skip_penalty
        ) + _emission_at(emissions, t)
        alpha = C.element_select(C.greater(input_length, float(t)), stepped, alpha)
    last = 2.0 * label_length  # index of the final blank; the final label is one before
    index = C.constant(np.arange(positions, dtype=as_variable(y_pred).dtype))
    ends = C.equal(index, last) + C.equal(index, last - 1.0)
    total = C.reduce_log_sum_exp(alpha + (1.0 - ends) * _LOG_ZERO, axis=1, keepdims=True)
    return -total


def _emission_at(emissions, t):
    part = C.slice(emissions, 1, t, t + 1)
    return C.reshape(part, (), begin_axis=1, end_axis=2)


# ---------------------------------------------------------------------------------------------
# Decoding (NumPy)


def _greedy(log_probs, length, blank):
    best = np.argmax(log_probs[:length], axis=1)
    decoded = [int(c) for i, c in enumerate(best) if c != blank and (i == 0 or c != best[i - 1])]
    return [decoded], np.array([-np.sum(np.max(log_probs[:length], axis=1))])


def _log_add(a, b):
    if a == -np.inf:
        return b
    if b == -np.inf:
        return a
    top = max(a, b)
    return top + np.log(np.exp(a - top) + np.exp(b - top))


def _add_path(beams, prefix, blank_part, label_part):
    old_blank, old_label = beams.get(prefix, (-np.inf, -np.inf))
    beams[prefix] = (_log_add(old_blank, blank_part), _log_add(old_label, label_part))


def _beam_search(log_probs, length, blank, beam_width, top_paths):
    """CTC prefix beam search: the top_paths most probable label sequences."""
    beams = {(): (0.0, -np.inf)}  # prefix -> (log p ending in blank, log p ending in label)
    for t in range(length):
        grown = {}
        for prefix, (p_blank, p_label) in beams.items():
            p_total = _log_add(p_blank, p_label)
            _add_path(grown, prefix, p_total + log_probs[t, blank], -np.inf)
            for c in range(log_probs.shape[1]):
                if c == blank:
                    continue
                p = log_probs[t, c]
                if prefix and prefix[-1] == c:
                    _add_path(grown, prefix, -np.inf, p_label + p)  # a repeat merges
                    _add_path(grown, prefix + (c,), -np.inf, p_blank + p)  # blank between
                else:
                    _add_path(grown, prefix + (c,), -np.inf, p_total + p)
        ranked = sorted(grown.items(), key=lambda item: -_log_add(*item[1]))
        beams = dict(ranked[:beam_width])
    ranked = sorted(beams.items(), key=lambda item: -_log_add(*item[1]))[:top_paths]
    return [list(prefix) for prefix, _ in ranked], np.array([_log_add(*p) for _, p in ranked])


def _merge_repeats(sequence):
    return [c for i, c in enumerate(sequence) if i == 0 or c != sequence[i - 1]]


def _decode_batch(y_pred, input_length, greedy, beam_width, top_paths, merge_repeated):
    """Decoded sequences (top_paths lists of per-sample lists) and log probabilities."""
    log_probs = np.log(np.asarray(y_pred, dtype=np.float64) + common.epsilon())
    lengths = np.asarray(input_length).reshape(-1).astype(int)
    blank = log_probs.shape[2] - 1
    paths = [[] for _ in range(top_paths)]
    scores = np.zeros((log_probs.shape[0], top_paths))
    for b in range(log_probs.shape[0]):
        if greedy:
            found, score = _greedy(log_probs[b], lengths[b], blank)
        else:
            found, score = _beam_search(log_probs[b], lengths[b], blank, beam_width, top_paths)
            if merge_repeated:  # TensorFlow's option: merge repeats in the decoded labels
                found = [_merge_repeats(f) for f in found]
        for k in range(top_paths):
            paths[k].append(found[k] if k < len(found) else [])
            scores[b, k] = score[k] if k < len(score) else -np.inf
    return paths, scores


def _padded(sequences):
    """Sequences padded with -1 to the longest one, as Keras 2.3.1 pads decoded paths, but at
    least one wide: CNTK cannot hold an axis of size 0 (the process dies of SIGFPE)."""
    width = max([1] + [len(sequence) for sequence in sequences])
    dense = -np.ones((len(sequences), width), dtype=np.int64)
    for row, sequence in enumerate(sequences):
        dense[row, : len(sequence)] = sequence
    return dense


class _Decoder(C.ops.functions.UserFunction):
    """Decoding inside a graph: per sample through CNTK's batch axis. The paths' width is a
    free dimension, fixed at each call by the longest decoded path."""

    def __init__(self, y_pred, input_length, options):
        super(_Decoder, self).__init__([y_pred, input_length], name="ctc_decode")
        self.options = options  # greedy, beam_width, top_paths, merge_repeated

    def forward(self, arguments, outputs, device=None, outputs_to_retain=None):
        y_pred, input_length = (np.asarray(a) for a in arguments)
        paths, scores = _decode_batch(y_pred, input_length, *self.options)
        for k, variable in enumerate(self.outputs[:-1]):
            outputs[variable] = _padded(paths[k]).astype(variable.dtype)
        outputs[self.outputs[-1]] = scores.astype(self.outputs[-1].dtype)
        return None

    def backward(self, state, root_gradients, variables):
        return None

    def infer_outputs(self):
        y_pred = self.inputs[0]
        axes = y_pred.dynamic_axes
        decoded = [
            C.output_variable((FREE,), y_pred.dtype, axes, needs_gradient=False)
            for _ in range(self.options[2])
        ]
        return decoded + [
            C.output_variable((self.options[2],), y_pred.dtype, axes, needs_gradient=False)
        ]


def _has_placeholders(x):
    return is_tensor(x) and bool(_function.as_function(x).arguments)


def ctc_decode(
    y_pred, input_length, greedy=True, beam_width=100, top_paths=1, merge_repeated=False
):
    if greedy:
        top_paths = 1
    options = (greedy, beam_width, top_paths, merge_repeated)
    if not (_has_placeholders(y_pred) or _has_placeholders(input_length)):
        paths, scores = _decode_batch(core.eval(y_pred), core.eval(input_length), *options)
        decoded = [core.constant(_padded(path), dtype="int64") for path in paths]
        return decoded, core.constant(scores, dtype=core.dtype(to_tensor(y_pred)))
    y_pred = to_tensor(y_pred)
    lengths = _as_column(input_length, y_pred)
    decoder = C.user_function(_Decoder(C.to_batch(y_pred), C.to_batch(lengths), options))
    batch = int_shape(y_pred)[0]
    decoded = [mark_dtype(_tensors.unpack_batch(o, batch), "int64") for o in decoder.outputs[:-1]]
    return decoded, _tensors.unpack_batch(decoder.outputs[-1], batch)


# ---------------------------------------------------------------------------------------------
# Labels


def ctc_label_dense_to_sparse(labels, label_lengths):
    # This engine keeps sparse tensors densely (see core.placeholder): labels past each
    # length become the absent (zero) entries.
    labels = to_tensor(labels)
    lengths = _as_column(label_lengths, labels)  # (batch, 1)
    positions = C.constant(np.arange(int_shape(labels)[1], dtype=as_variable(labels).dtype))
    kept = labels * C.less(positions, lengths)
    _tensors.mark_sparse(kept)
    return mark_dtype(kept, core.dtype(labels))
