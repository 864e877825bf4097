"""Seeded random draws in a K.function: new values at each call, the same sequence in every run.

Keras 2.3.1's seeded ops advance at each run on all its backends (TensorFlow's stateful ops,
Theano's RandomStreams): a seed makes a program reproducible, not its draws constant. A
function built anew (from new random tensors) starts the sequence again on every engine; a
fresh process running the same program gives the same sequence.
"""

import json
import os
import subprocess
import sys

import numpy as np
import pytest

SIZE = 64  # 64 draws: two calls coinciding by chance is out of the question, even for 0/1


def _draw(K, kind, seed):
    if kind == "random_normal":
        return K.random_normal((SIZE,), mean=1.0, stddev=2.0, seed=seed)
    if kind == "random_uniform":
        return K.random_uniform((SIZE,), minval=-1.0, maxval=3.0, seed=seed)
    if kind == "truncated_normal":
        return K.truncated_normal((SIZE,), mean=1.0, stddev=2.0, seed=seed)
    if kind == "random_binomial":
        return K.random_binomial((SIZE,), p=0.5, seed=seed)
    return K.dropout(K.ones((SIZE,)), 0.5, seed=seed)  # dropout: the kept entries are 2


def _check_range(kind, values):
    """The draws are what the function promises (NumPy property of each kind)."""
    assert values.shape == (SIZE,) and np.isfinite(values).all()
    if kind == "random_uniform":
        assert values.min() >= -1.0 and values.max() < 3.0
    elif kind == "truncated_normal":
        assert values.min() >= 1.0 - 4.0 - 1e-5 and values.max() <= 1.0 + 4.0 + 1e-5
    elif kind == "random_binomial":
        assert set(np.unique(values).tolist()) <= {0.0, 1.0}
    elif kind == "dropout":
        assert set(np.unique(values).tolist()) <= {0.0, 2.0}


def _calls(K, kind, seed, count=3):
    """count calls of a new K.function adding a seeded draw to a fed zero vector."""
    x = K.placeholder(shape=(SIZE,))
    f = K.function([x], [x + _draw(K, kind, seed)])
    zeros = np.zeros(SIZE, dtype=K.floatx())
    return [np.asarray(f([zeros])[0]) for _ in range(count)]


KINDS = ["random_normal", "random_uniform", "truncated_normal", "random_binomial", "dropout"]


@pytest.mark.parametrize("kind", KINDS)
def test_seeded_draw_is_new_at_each_call(K, kind):
    draws = _calls(K, kind, seed=7)
    for values in draws:
        _check_range(kind, values)
    assert not np.array_equal(draws[0], draws[1])
    assert not np.array_equal(draws[1], draws[2])
    assert not np.array_equal(draws[0], draws[2])


@pytest.mark.parametrize("kind", KINDS)
def test_seeded_sequence_starts_again_in_a_new_function(K, kind):
    first, again = _calls(K, kind, seed=7), _calls(K, kind, seed=7)
    for a, b in zip(first, again):
        assert np.array_equal(a, b)


def test_two_seeds_in_one_function_draw_apart(K):
    x = K.placeholder(shape=(SIZE,))
    f = K.function(
        [x], [x + K.random_normal((SIZE,), seed=1), x + K.random_normal((SIZE,), seed=2)]
    )
    zeros = np.zeros(SIZE, dtype=K.floatx())
    (one, two), (one_next, two_next) = f([zeros]), f([zeros])
    assert not np.array_equal(one, two)
    assert not np.array_equal(one, one_next) and not np.array_equal(two, two_next)


def test_seeded_dropout_gives_a_new_mask_per_batch_of_a_training_step(K):
    # A training loop: the same step function (loss, gradient update) called per batch.
    x = K.placeholder(shape=(None, SIZE))
    w = K.variable(np.ones((SIZE, 1)))
    dropped = K.dropout(x, 0.5, seed=3)
    loss = K.mean(K.dot(dropped, w))
    step = K.function([x], [loss, dropped], updates=[(w, w - 0.01 * K.gradients(loss, [w])[0])])
    batch = np.ones((2, SIZE), dtype=K.floatx())
    masks = [np.asarray(step([batch])[1]) for _ in range(3)]
    for mask in masks:
        assert set(np.unique(mask).tolist()) <= {0.0, 2.0}
    assert not np.array_equal(masks[0], masks[1]) and not np.array_equal(masks[1], masks[2])


_CHILD = """
import json, sys
import numpy as np
sys.path.insert(0, {here!r})
from kerasbridge import backend as K
from test_random_calls import KINDS, _calls
print(json.dumps({{kind: [v.tolist() for v in _calls(K, kind, seed=7)] for kind in KINDS}}))
"""


@pytest.mark.slow
def test_seeded_sequence_repeats_in_a_fresh_process(K):
    here = os.path.dirname(os.path.abspath(__file__))
    environ = dict(os.environ)
    environ.pop("KERASBRIDGE_CONFORMANCE_REPORT", None)
    done = subprocess.run(
        [sys.executable, "-c", _CHILD.format(here=here)],
        env=environ,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        universal_newlines=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    child = json.loads(done.stdout.strip().splitlines()[-1])
    for kind in KINDS:
        ours = _calls(K, kind, seed=7)
        theirs = [np.asarray(v, dtype=ours[0].dtype) for v in child[kind]]
        assert all(np.array_equal(a, b) for a, b in zip(ours, theirs)), kind
