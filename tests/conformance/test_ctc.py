"""CTC: loss against a NumPy forward algorithm, decoding against brute force, label conversion.

Keras 2 conventions: y_pred holds softmax probabilities (samples, time, classes), the blank
is the last class, lengths are (samples, 1).
"""

import itertools

import numpy as np
import pytest

from .conftest import compute, evaluate

RANDOM = np.random.RandomState(3)
SAMPLES, TIME, CLASSES = 2, 6, 4  # classes 0..2 and the blank 3
BLANK = CLASSES - 1


def softmax(logits):
    e = np.exp(logits - logits.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


Y_PRED = softmax(RANDOM.normal(size=(SAMPLES, TIME, CLASSES)) * 2).astype("float32")
LABELS = np.array([[0, 1, 1], [2, 0, 0]], dtype="int32")  # the second is padded
LABEL_LENGTH = np.array([[3], [1]], dtype="int32")
INPUT_LENGTH = np.array([[6], [4]], dtype="int32")


def ctc_forward_loss(probs, label, smoothing=0.0):
    """-log p(label | probs) by the CTC forward (alpha) recursion over the extended label;
    with ``smoothing``, each probability is (1 - smoothing) * p + smoothing / extended length
    (Keras 2.3.1's Theano backend)."""
    extended = [BLANK]
    for symbol in label:
        extended += [symbol, BLANK]
    probs = (1 - smoothing) * probs + smoothing / len(extended)
    alpha = np.zeros(len(extended))
    alpha[0] = probs[0, BLANK]
    if len(extended) > 1:
        alpha[1] = probs[0, extended[1]]
    for t in range(1, len(probs)):
        previous = alpha.copy()
        for s, symbol in enumerate(extended):
            total = previous[s] + (previous[s - 1] if s >= 1 else 0.0)
            if s >= 2 and symbol != BLANK and symbol != extended[s - 2]:
                total += previous[s - 2]
            alpha[s] = total * probs[t, symbol]
    return -np.log(alpha[-1] + (alpha[-2] if len(extended) > 1 else 0.0))


def reference_losses(keras_theano=False):
    """(samples, 1) losses; ``keras_theano``: Keras 2.3.1's Theano backend's, which smooths the
    probabilities by 1e-4 and sums the path posteriors over the time steps (-log(T * p))."""
    losses = []
    for i in range(SAMPLES):
        steps, label = Y_PRED[i, : INPUT_LENGTH[i, 0]], LABELS[i, : LABEL_LENGTH[i, 0]]
        if keras_theano:
            losses.append([ctc_forward_loss(steps, label, 1e-4) - np.log(len(steps))])
        else:
            losses.append([ctc_forward_loss(steps, label)])
    return np.array(losses)


def test_ctc_batch_cost_matches_forward_algorithm(K, world):
    loss = compute(K, world, K.ctc_batch_cost, LABELS, Y_PRED, INPUT_LENGTH, LABEL_LENGTH)
    # Keras 2.3.1's results: its Theano backend's in shape (1, samples) on the theano engine,
    # its TensorFlow and CNTK backends' in shape (samples, 1) on the others.
    keras_theano = K.backend() == "theano"
    if keras_theano:
        loss = loss.T
    assert loss.shape == (SAMPLES, 1)
    assert np.allclose(loss, reference_losses(keras_theano), rtol=1e-4, atol=1e-4)


def test_ctc_batch_cost_gradient_reaches_predictions(K):
    y_pred = K.placeholder(shape=(None, TIME, CLASSES))
    loss = K.sum(
        K.ctc_batch_cost(
            K.constant(LABELS, "int32"),
            y_pred,
            K.constant(INPUT_LENGTH, "int32"),
            K.constant(LABEL_LENGTH, "int32"),
        )
    )
    grad = K.function([y_pred], K.gradients(loss, [y_pred]))([Y_PRED])[0]
    assert grad.shape == Y_PRED.shape and np.all(np.isfinite(grad)) and np.abs(grad).sum() > 0


def collapse(path):
    """A CTC path to its labeling: merge repeats, then drop blanks."""
    merged = [symbol for i, symbol in enumerate(path) if i == 0 or symbol != path[i - 1]]
    return tuple(symbol for symbol in merged if symbol != BLANK)


def padded(labeling, width):
    return list(labeling) + [-1] * (width - len(labeling))


def test_ctc_decode_greedy(K, world):
    def decode(y_pred, lengths):
        decoded, log_prob = K.ctc_decode(y_pred, lengths, greedy=True)
        return [decoded[0], log_prob]

    decoded, log_prob = compute(K, world, decode, Y_PRED, INPUT_LENGTH[:, 0])
    labelings = [
        collapse(list(Y_PRED[i, : INPUT_LENGTH[i, 0]].argmax(axis=1))) for i in range(SAMPLES)
    ]
    # As in Keras 2.3.1, the paths are padded with -1 to the longest decoded one.
    width = max(len(labeling) for labeling in labelings)
    assert decoded.shape == (SAMPLES, width)
    for i in range(SAMPLES):
        steps = Y_PRED[i, : INPUT_LENGTH[i, 0]]
        assert decoded[i].tolist() == padded(labelings[i], width)
        # Keras 2 returns the greedy path's negated sum of log probabilities.
        best = np.log(steps.max(axis=1) + 1e-7).sum()
        assert np.allclose(log_prob[i, 0], -best, rtol=1e-4)


def test_ctc_decode_width_is_the_longest_path_as_in_keras_2_3_1(K, world):
    # Two sequences of 6 steps whose greedy paths decode to 3 and 1 labels: shape (2, 3).
    blank = np.array([0.0, 0.0, 0.0, 1.0])
    steps = [np.eye(CLASSES)[symbol] for symbol in (0, 3, 1, 3, 2, 3)]
    y_pred = np.stack([np.stack(steps), np.stack([steps[0]] + [blank] * 5)]) * 0.9 + 0.025

    def decode(y, lengths):
        return K.ctc_decode(y, lengths, greedy=True)[0][0]

    decoded = compute(K, world, decode, y_pred.astype("float32"), np.array([6, 6], "int32"))
    assert decoded.tolist() == [[0, 1, 2], [0, -1, -1]]


@pytest.mark.parametrize("greedy", [True, False], ids=["greedy", "beam"])
def test_ctc_decode_of_blanks_only_is_empty(K, world, greedy):
    y_pred = np.full((SAMPLES, TIME, CLASSES), 0.01, "float32")
    y_pred[:, :, BLANK] = 0.97

    def decode(y, lengths):
        return K.ctc_decode(y, lengths, greedy=greedy, beam_width=4)[0][0]

    decoded = compute(K, world, decode, y_pred, INPUT_LENGTH[:, 0])
    assert decoded.shape == (SAMPLES, 0)


def labeling_probabilities(probs):
    """Every labeling's total probability, by enumerating every path (small cases only)."""
    totals = {}
    for path in itertools.product(range(CLASSES), repeat=len(probs)):
        p = np.prod([probs[t, symbol] for t, symbol in enumerate(path)])
        labeling = collapse(path)
        totals[labeling] = totals.get(labeling, 0.0) + p
    return totals


def test_ctc_decode_beam_search_finds_most_probable_labelings(K, world):
    lengths = np.array([5, 4], dtype="int32")

    def decode(y_pred, input_length):
        decoded, log_prob = K.ctc_decode(
            y_pred, input_length, greedy=False, beam_width=100, top_paths=2
        )
        return decoded + [log_prob]

    first, second, log_prob = compute(K, world, decode, Y_PRED, lengths)
    assert log_prob.shape == (SAMPLES, 2)
    rankings = []
    for i in range(SAMPLES):
        totals = labeling_probabilities(Y_PRED[i, : lengths[i]].astype("float64"))
        rankings.append(sorted(totals, key=totals.get, reverse=True))
        assert np.allclose(log_prob[i, 0], np.log(totals[rankings[i][0]]), atol=1e-3)
    # Each path is padded with -1 to its own longest labeling, as in Keras 2.3.1.
    for path, decoded in enumerate([first, second]):
        width = max(len(ranked[path]) for ranked in rankings)
        assert decoded.shape == (SAMPLES, width)
        for i in range(SAMPLES):
            assert decoded[i].tolist() == padded(rankings[i][path], width)


@pytest.mark.parametrize("row", [0, 1])
def test_ctc_label_dense_to_sparse_keeps_only_label_lengths(K, row):
    labels = np.array([[7, 8, 9], [4, 5, 6]], dtype="int32")
    lengths = np.array([2, 1], dtype="int32")
    sparse = K.ctc_label_dense_to_sparse(K.constant(labels, "int32"), K.constant(lengths, "int32"))
    assert K.is_sparse(sparse)
    # Positions past a label's length are absent, so to_dense fills them with 0.
    dense = evaluate(K, K.to_dense(sparse))
    assert dense[row, : lengths[row]].tolist() == labels[row, : lengths[row]].tolist()
    assert not dense[row, lengths[row] :].any()
