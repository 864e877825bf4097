"""Connectionist temporal classification: the loss by the forward algorithm in log space
(a scan over time), greedy and beam-search decoding, and dense-to-sparse labels.

The blank is the last class, as in Keras.

The loss is Keras 2.3.1's Theano backend's, value for value, so that Theano code written for
Keras 2.3.1 reads the numbers it always read: the probabilities are smoothed toward uniform
over the extended label, (1 - 1e-4) * p + 1e-4 / (2 * label_length + 1), and the loss is
-log(input_length * P(label)), as Keras 2.3.1 sums the path posteriors over every time step,
in shape (1, samples). The other engines return -log P(label) in shape (samples, 1), as
Keras 2.3.1's TensorFlow and CNTK backends do; the gradient is the same up to the smoothing.
"""

import numpy as np

from .. import common
from . import _library as L
from . import _shapes
from .core import as_tensor

T = L.T

_IMPOSSIBLE = -1e30  # log(0) stand-in: finite, so gradients stay finite
_SMOOTHING = 1e-4  # Keras 2.3.1's Theano backend's (ctc_path_probs's alpha)


def _extended_labels(labels, blank):
    """Labels with a blank before, between and after them: (samples, 2 * length + 1)."""
    samples, length = labels.shape[0], labels.shape[1]
    extended = T.alloc(T.cast(blank, "int64"), samples, 2 * length + 1)
    return T.set_subtensor(extended[:, 1::2], T.clip(labels, 0, blank))


def _log_add(*terms):
    peak = L.gradient.disconnected_grad(_maximum(terms))
    return peak + T.log(sum(T.exp(term - peak) for term in terms))


def _maximum(terms):
    result = terms[0]
    for term in terms[1:]:
        result = T.maximum(result, term)
    return result


def _shift_right(alpha, count):
    padding = T.alloc(T.cast(_IMPOSSIBLE, alpha.dtype), alpha.shape[0], count)
    return T.concatenate([padding, alpha[:, :-count]], axis=1)


def ctc_batch_cost(y_true, y_pred, input_length, label_length):
    y_pred = as_tensor(y_pred)  # (samples, time, classes)
    samples, steps_total, classes = y_pred.shape[0], y_pred.shape[1], y_pred.shape[2]
    blank = classes - 1
    labels = T.cast(as_tensor(y_true), "int64")
    lengths = T.cast(T.flatten(as_tensor(label_length)), "int64")
    extended = _extended_labels(labels, blank)
    # emissions[t, b, s]: log of the smoothed probability of extended label s of sample b at t
    flat_index = (
        T.arange(samples).dimshuffle(0, "x", "x") * steps_total
        + T.arange(steps_total).dimshuffle("x", 0, "x")
    ) * classes + extended.dimshuffle(0, "x", 1)
    chosen = T.flatten(y_pred)[flat_index].dimshuffle(1, 0, 2)
    uniform = _SMOOTHING / T.cast(2 * lengths + 1, y_pred.dtype)
    emissions = T.log((1 - _SMOOTHING) * chosen + uniform.dimshuffle("x", 0, "x"))
    two_back = T.concatenate(
        [T.alloc(T.cast(-1, "int64"), extended.shape[0], 2), extended[:, :-2]], axis=1
    )
    may_skip = T.and_(T.neq(extended, blank), T.neq(extended, two_back))
    steps = T.cast(T.flatten(as_tensor(input_length)), "int64")

    start = T.alloc(T.cast(_IMPOSSIBLE, y_pred.dtype), extended.shape[0], extended.shape[1])
    start = T.set_subtensor(start[:, :2], emissions[0, :, :2])

    def forward(emission, t, alpha):
        skip = T.switch(may_skip, _shift_right(alpha, 2), _IMPOSSIBLE)
        advanced = _log_add(alpha, _shift_right(alpha, 1), skip) + emission
        kept = T.switch(T.lt(t, steps).dimshuffle(0, "x"), advanced, alpha)
        return L.match_broadcastable(kept, alpha.broadcastable)  # one sample: a row

    alphas, _ = L.scan(
        forward, sequences=[emissions[1:], T.arange(1, emissions.shape[0])], outputs_info=[start]
    )
    final = T.concatenate([start.dimshuffle("x", 0, 1), alphas], axis=0)[-1]
    rows = T.arange(final.shape[0])
    last_label = final[rows, T.maximum(2 * lengths - 1, 0)]
    last_label = T.switch(T.gt(lengths, 0), last_label, _IMPOSSIBLE)
    trailing_blank = final[rows, 2 * lengths]
    summed_over_time = _log_add(trailing_blank, last_label) + T.log(T.cast(steps, y_pred.dtype))
    return -summed_over_time.dimshuffle("x", 0)  # (1, samples)


# --- decoding ----------------------------------------------------------------------------------


def ctc_decode(
    y_pred, input_length, greedy=True, beam_width=100, top_paths=1, merge_repeated=False
):
    y_pred = as_tensor(y_pred)
    lengths = T.cast(T.flatten(as_tensor(input_length)), "int64")
    if greedy:
        path, log_prob = _greedy(y_pred, lengths)
        decoded = [path]
    else:
        results = _BeamSearch(beam_width, top_paths, merge_repeated)(y_pred, lengths)
        decoded, log_prob = list(results[:-1]), results[-1]
    # The width depends on the values: int_shape's inference (on zero inputs) would say 0.
    samples = _shapes.int_shape(y_pred)[0]
    return [_shapes.declare(path, (samples, None)) for path in decoded], log_prob


def _greedy(y_pred, lengths):
    """Best class per step, repeats merged, blanks removed, padded with -1 (TensorFlow's rule:
    the log probability is minus the sum of the best log-probabilities)."""
    blank = y_pred.shape[2] - 1
    logits = T.log(y_pred + common.epsilon())
    best = T.argmax(logits, axis=2)  # (samples, time)
    valid = T.lt(T.arange(best.shape[1]).dimshuffle("x", 0), lengths.dimshuffle(0, "x"))
    previous = T.concatenate(
        [T.alloc(T.cast(-1, best.dtype), best.shape[0], 1), best[:, :-1]], axis=1
    )
    keep = T.and_(T.and_(valid, T.neq(best, blank)), T.neq(best, previous))
    log_prob = -T.sum(T.max(logits, axis=2) * valid, axis=1, keepdims=True)
    return _compact(best, keep), log_prob


def _compact(values, keep):
    """Kept values moved to the left of each row, padded with -1 to the longest row of kept
    values (Keras 2.3.1's width for decoded paths)."""
    samples, width = values.shape[0], values.shape[1]
    keep = T.cast(keep, "int64")
    columns = T.switch(keep, T.cumsum(keep, axis=1) - 1, width)  # dropped ones: a spare column
    rows = T.arange(samples).dimshuffle(0, "x") + T.zeros_like(columns)
    filled = T.alloc(T.cast(-1, "int64"), samples, width + 1)
    filled = T.set_subtensor(
        filled[T.flatten(rows), T.flatten(columns)], T.cast(T.flatten(values), "int64")
    )
    return filled[:, : T.max(T.sum(keep, axis=1))]


class _BeamSearch(L.Op):
    """CTC prefix beam search on the host (NumPy): no gradient, as in every Keras backend."""

    __props__ = ("beam_width", "top_paths", "merge_repeated")

    def __init__(self, beam_width, top_paths, merge_repeated):
        self.beam_width, self.top_paths = int(beam_width), int(top_paths)
        self.merge_repeated = bool(merge_repeated)

    def make_node(self, y_pred, lengths):
        outputs = [T.matrix(dtype="int64") for _ in range(self.top_paths)]
        outputs.append(T.matrix(dtype=y_pred.dtype))
        return L.Apply(self, [y_pred, lengths], outputs)

    def perform(self, node, inputs, output_storage):
        y_pred, lengths = inputs
        per_sample = [
            _beam_search(
                np.log(sample[:length] + common.epsilon()),
                self.beam_width,
                self.top_paths,
                self.merge_repeated,
            )
            for sample, length in zip(y_pred, lengths)
        ]
        for path in range(self.top_paths):
            sequences = [paths[path][0] for paths in per_sample]
            width = max(len(sequence) for sequence in sequences)  # the longest path
            dense = np.full((len(sequences), width), -1, dtype="int64")
            for row, sequence in enumerate(sequences):
                dense[row, : len(sequence)] = sequence
            output_storage[path][0] = dense
        scores = [[score for _, score in paths] for paths in per_sample]
        output_storage[-1][0] = np.asarray(scores, dtype=node.outputs[-1].dtype).reshape(
            len(per_sample), self.top_paths
        )


def _beam_search(log_probs, beam_width, top_paths, merge_repeated):
    """The top_paths most probable labelings: [(labels, log probability)], best first."""
    blank = log_probs.shape[1] - 1
    # each prefix: (log p ending in blank, log p ending in its last label)
    beams = {(): (0.0, -np.inf)}
    for step in log_probs:
        candidates = {}
        for prefix, (ends_blank, ends_label) in beams.items():
            total = np.logaddexp(ends_blank, ends_label)
            _extend(candidates, prefix, step[blank] + total, -np.inf)
            for label in range(blank):
                emitted = step[label]
                if prefix and prefix[-1] == label:  # a repeat needs a blank in between
                    _extend(candidates, prefix, -np.inf, ends_label + emitted)
                    _extend(candidates, prefix + (label,), -np.inf, ends_blank + emitted)
                else:
                    _extend(candidates, prefix + (label,), -np.inf, total + emitted)
        ranked = sorted(candidates.items(), key=lambda item: -np.logaddexp(*item[1]))
        beams = dict(ranked[:beam_width])
    ranked = sorted(beams.items(), key=lambda item: -np.logaddexp(*item[1]))
    best = [
        (_merged(prefix) if merge_repeated else list(prefix), float(np.logaddexp(*scores)))
        for prefix, scores in ranked
    ]
    best += [([], -np.inf)] * (top_paths - len(best))
    return best[:top_paths]


def _merged(labels):
    """TensorFlow's merge_repeated: consecutive equal labels of a result shown once."""
    return [label for i, label in enumerate(labels) if i == 0 or labels[i - 1] != label]


def _extend(candidates, prefix, ends_blank, ends_label):
    old_blank, old_label = candidates.get(prefix, (-np.inf, -np.inf))
    candidates[prefix] = (np.logaddexp(old_blank, ends_blank), np.logaddexp(old_label, ends_label))


def ctc_label_dense_to_sparse(labels, label_lengths):
    labels = as_tensor(labels)
    lengths = T.cast(T.flatten(as_tensor(label_lengths)), "int64")
    width = labels.shape[1]
    inside = T.lt(T.arange(width).dimshuffle("x", 0), lengths.dimshuffle(0, "x"))
    positions = T.flatten(inside).nonzero()[0]
    values = T.cast(T.flatten(labels)[positions], "int32")
    columns = T.cast(positions % width, "int32")
    pointers = T.cast(T.concatenate([T.zeros((1,), dtype="int64"), T.cumsum(lengths)]), "int32")
    return L.sparse.CSR(values, columns, pointers, T.stack([labels.shape[0], width]))
