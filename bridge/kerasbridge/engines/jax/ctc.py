"""Connectionist temporal classification: loss, decoding, label conversion.

As in Keras 2, y_pred holds softmax probabilities (samples, time, classes) and the blank is
the last class; like TensorFlow's kernels, the loss and decoders read log(y_pred + epsilon).

The loss is the CTC forward algorithm in log space, one lax.scan over time. Greedy decoding
runs in jnp; beam search (a prefix beam search) runs on the host in NumPy, through
jax.pure_callback inside a K.function. Decoded paths are computed padded with -1 to the
number of time steps (a static size), and cut to the longest decoded path when the value is
returned (as Keras 2.3.1 pads them).
"""

import collections

import jax
import jax.numpy as jnp
import numpy as np
from jax.experimental import sparse

from ..common import epsilon
from . import _graph as G
from ._values import to_array


def ctc_label_dense_to_sparse(labels, label_lengths):
    result = _dense_labels(labels, label_lengths)
    if isinstance(result, G.Node):
        result.sparse = True  # held dense: positions past a label's length are 0
        return result
    return sparse.BCOO.fromdense(result, nse=int(np.prod(result.shape)))


@G.op
def _dense_labels(labels, label_lengths):
    labels = to_array(labels).astype("int32")
    lengths = jnp.reshape(to_array(label_lengths).astype("int32"), (-1,))
    kept = jnp.arange(labels.shape[1])[None, :] < lengths[:, None]
    return jnp.where(kept, labels, 0)


def _log_probabilities(y_pred):
    """Time-major log(y_pred + epsilon), renormalized as TensorFlow's ctc_loss does."""
    y_pred = to_array(y_pred)
    logits = jnp.log(jnp.swapaxes(y_pred, 0, 1) + jnp.asarray(epsilon(), y_pred.dtype))
    return jax.nn.log_softmax(logits, axis=-1)


def _lengths(lengths):
    return jnp.reshape(to_array(lengths).astype("int32"), (-1,))


@G.op
def ctc_batch_cost(y_true, y_pred, input_length, label_length):
    log_probs = _log_probabilities(y_pred)  # (time, samples, classes)
    classes = log_probs.shape[-1]
    blank = classes - 1
    labels = jnp.clip(to_array(y_true).astype("int32"), 0, classes - 1)
    samples, label_size = labels.shape
    input_lengths, label_lengths = _lengths(input_length), _lengths(label_length)
    # The extended labeling: blank, l1, blank, l2, ..., blank.
    states = 2 * label_size + 1
    extended = jnp.full((samples, states), blank, "int32").at[:, 1::2].set(labels)
    previous_two = jnp.pad(extended[:, :-2], ((0, 0), (2, 0)), constant_values=blank)
    skips = (extended != blank) & (extended != previous_two)
    skips = skips.at[:, :2].set(False)
    # (time, samples, states): indexed by the labels' samples, so a constant y_true can meet a
    # y_pred whose batch size is unknown.
    emissions = log_probs[:, jnp.arange(samples)[:, None], extended]
    dtype = log_probs.dtype
    # A finite "log 0": -inf would make the gradients of logsumexp NaN.
    lowest = jnp.asarray(jnp.finfo(dtype).min / 4, dtype)
    start = jnp.full((samples, states), lowest, dtype)
    start = start.at[:, 0].set(emissions[0, :, 0])
    start = start.at[:, 1].set(jnp.where(label_size > 0, emissions[0, :, 1], lowest))

    def shifted(alpha, by):
        return jnp.pad(alpha[:, :-by], ((0, 0), (by, 0)), constant_values=lowest)

    def step(alpha, inputs):
        emission, time = inputs
        candidates = jnp.stack(
            [alpha, shifted(alpha, 1), jnp.where(skips, shifted(alpha, 2), lowest)]
        )
        new = jax.nn.logsumexp(candidates, axis=0) + emission
        running = (time < input_lengths)[:, None]
        return jnp.where(running, new, alpha), None

    times = jnp.arange(1, log_probs.shape[0])
    alpha, _ = jax.lax.scan(step, start, (emissions[1:], times))
    last = jnp.take_along_axis(alpha, (2 * label_lengths)[:, None], axis=1)[:, 0]
    before = jnp.take_along_axis(alpha, jnp.maximum(2 * label_lengths - 1, 0)[:, None], axis=1)
    before = jnp.where(label_lengths > 0, before[:, 0], lowest)
    return -jnp.logaddexp(last, before)[:, None]


def ctc_decode(
    y_pred, input_length, greedy=True, beam_width=100, top_paths=1, merge_repeated=False
):
    if greedy:
        decoded, log_prob = _greedy(y_pred, input_length)
        paths = [decoded]
    else:
        paths, log_prob = _beam(y_pred, input_length, beam_width, top_paths, merge_repeated)
        paths = list(paths)
    for path in paths:
        if isinstance(path, G.Node):
            path.finish = _cut
    if not isinstance(paths[0], G.Node):
        paths = [jnp.asarray(_cut(np.asarray(path))) for path in paths]
    return paths, log_prob


def _cut(decoded):
    """Paths (samples, time) padded with -1, cut to the longest decoded one."""
    width = int((decoded != -1).sum(axis=1).max()) if decoded.size else 0
    return decoded[:, :width]


@G.op
def _greedy(y_pred, input_length):
    log_probs = _log_probabilities(y_pred)  # (time, samples, classes)
    steps, samples, classes = log_probs.shape
    lengths = _lengths(input_length)
    best = jnp.argmax(log_probs, axis=-1).astype("int32")  # (time, samples)
    running = jnp.arange(steps)[:, None] < lengths[None, :]
    previous = jnp.concatenate([jnp.full((1, samples), -1, "int32"), best[:-1]], axis=0)
    keep = running & (best != classes - 1) & (best != previous)
    positions = jnp.cumsum(keep, axis=0) - 1
    slots = jnp.where(keep, positions, steps)  # dropped symbols go to an extra column
    decoded = jnp.full((samples, steps + 1), -1, "int32")
    decoded = decoded.at[jnp.arange(samples)[None, :], slots].set(jnp.where(keep, best, -1))
    score = jnp.sum(jnp.where(running, jnp.max(log_probs, axis=-1), 0.0), axis=0)
    return decoded[:, :steps], -score[:, None]


@G.op
def _beam(y_pred, input_length, beam_width, top_paths, merge_repeated):
    y_pred = to_array(y_pred)
    lengths = _lengths(input_length)
    samples, steps = y_pred.shape[0], y_pred.shape[1]
    shapes = (
        jax.ShapeDtypeStruct((top_paths, samples, steps), np.dtype("int32")),
        jax.ShapeDtypeStruct((samples, top_paths), y_pred.dtype),
    )

    def search(probabilities, lengths):
        return _beam_search(
            np.asarray(probabilities), np.asarray(lengths), beam_width, top_paths, merge_repeated
        )

    decoded, log_prob = jax.pure_callback(search, shapes, y_pred, lengths)
    return [decoded[i] for i in range(top_paths)], log_prob


def _beam_search(y_pred, lengths, beam_width, top_paths, merge_repeated):
    samples, steps, classes = y_pred.shape
    decoded = np.full((top_paths, samples, steps), -1, "int32")
    log_prob = np.full((samples, top_paths), -np.inf, y_pred.dtype)
    fuzz = epsilon()
    for sample in range(samples):
        probabilities = y_pred[sample].astype("float64") + fuzz
        probabilities /= probabilities.sum(axis=-1, keepdims=True)
        ranked = _prefix_beam_search(probabilities[: lengths[sample]], beam_width)
        for path, (labeling, total) in enumerate(ranked[:top_paths]):
            if merge_repeated:
                labeling = [s for i, s in enumerate(labeling) if i == 0 or s != labeling[i - 1]]
            decoded[path, sample, : len(labeling)] = labeling
            log_prob[sample, path] = np.log(total) if total > 0 else -np.inf
    return decoded, log_prob


def _prefix_beam_search(probabilities, beam_width):
    """(labeling, probability) of the beam's labelings, most probable first; each labeling's
    probability sums its paths ending in a blank and not."""
    blank = probabilities.shape[1] - 1
    beams = {(): (1.0, 0.0)}  # labeling -> (ending in blank, ending in a symbol)
    for step in probabilities:
        following = collections.defaultdict(lambda: [0.0, 0.0])
        for prefix, (with_blank, with_symbol) in beams.items():
            total = with_blank + with_symbol
            following[prefix][0] += total * step[blank]
            for symbol in range(blank):
                p = step[symbol]
                if prefix and prefix[-1] == symbol:
                    following[prefix + (symbol,)][1] += with_blank * p
                    following[prefix][1] += with_symbol * p
                else:
                    following[prefix + (symbol,)][1] += total * p
        ranked = sorted(following.items(), key=lambda item: -(item[1][0] + item[1][1]))
        beams = {prefix: tuple(pair) for prefix, pair in ranked[:beam_width]}
    ranked = sorted(beams.items(), key=lambda item: -(item[1][0] + item[1][1]))
    return [(list(prefix), pair[0] + pair[1]) for prefix, pair in ranked]
