"""The guard's cost per call: alone, and on top of a tiny TensorFlow eager op.

Each variant is timed in interleaved rounds (best of N) in one run, so machine noise hits all of
them alike; ratios are printed against the raw call. Run: .venv/bin/python bench/guard.py
"""

import os
import timeit

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
import summary  # noqa: E402
import tensorflow as tf  # noqa: E402

from kerasbridge.api import SPEC  # noqa: E402
from kerasbridge.guard import guard  # noqa: E402

ROUNDS, NUMBER = 15, 2000


def plain_sum(x, axis=None, keepdims=False):
    return x


def tf_sum(x, axis=None, keepdims=False):
    return tf.reduce_sum(x, axis=axis, keepdims=keepdims)


def microseconds_per_call(function):
    return timeit.Timer(function).timeit(number=NUMBER) / NUMBER * 1e6


def measure(variants):
    """Best time per call of each variant, over interleaved rounds."""
    best = {name: float("inf") for name in variants}
    for _ in range(ROUNDS):
        for name, function in variants.items():
            best[name] = min(best[name], microseconds_per_call(function))
    return best


def report(title, best, baseline):
    print(title)
    for name, microseconds in best.items():
        print("  %-42s %8.3f us   x%.3f" % (name, microseconds, microseconds / best[baseline]))


def main():
    x = tf.constant(np.ones((4, 4), np.float32))
    guarded_plain = guard(SPEC["sum"], plain_sum)
    guarded_tf = guard(SPEC["sum"], tf_sum)
    alone = measure(
        {
            "plain function, axis=1": lambda: plain_sum(x, axis=1),
            "guarded, axis=1 (int)": lambda: guarded_plain(x, axis=1),
            "guarded, axis=[0, 1] (list)": lambda: guarded_plain(x, axis=[0, 1]),
            "guarded, axis=None": lambda: guarded_plain(x),
        }
    )
    report("The guard alone (per call)", alone, "plain function, axis=1")
    on_tf = measure(
        {
            "raw tf.reduce_sum(x, axis=1)": lambda: tf.reduce_sum(x, axis=1),
            "guarded tf.reduce_sum, axis=1": lambda: guarded_tf(x, axis=1),
            "raw tf.reduce_sum(x, axis=[0, 1])": lambda: tf.reduce_sum(x, axis=[0, 1]),
            "guarded tf.reduce_sum, axis=[0, 1]": lambda: guarded_tf(x, axis=[0, 1]),
        }
    )
    report("\nOn top of a tiny TensorFlow eager op", on_tf, "raw tf.reduce_sum(x, axis=1)")
    guard_cost = alone["guarded, axis=1 (int)"] - alone["plain function, axis=1"]
    share = guard_cost / on_tf["raw tf.reduce_sum(x, axis=1)"]
    print(
        "\nthe guard adds %.3f us a call: %.2f%% of the raw eager op (target: under 5%%)"
        % (guard_cost, share * 100)
    )
    raw = on_tf["raw tf.reduce_sum(x, axis=1)"]
    summary.emit("guarded tf.reduce_sum(x, axis=1) vs raw", raw + guard_cost, raw, 1.05)


if __name__ == "__main__":
    main()
