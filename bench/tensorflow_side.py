"""One side of bench/bench_tensorflow.py, run in its own interpreter: prints microseconds per call
of each measure as JSON. Sides: "eager" (kerasbridge's TensorFlow engine, raw TensorFlow and
tf_keras's eager ops) and "graph" (tf_keras in graph mode, raw and through implementation
"tensorflow"); tf_keras in graph mode cannot share a process with the eager engine.

Usage: python bench/tensorflow_side.py eager|graph [--quick] [--wall]

Times are CPU time of this process (all its threads) unless --wall: on a shared machine, other
processes' load changes wall time far more than CPU time.
"""

import json
import os
import sys
import time
import timeit

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
# This folder holds tensorflow.py: it goes last on sys.path, so ``import tensorflow`` finds
# TensorFlow (Python put it first, as the script's folder).
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [entry for entry in sys.path if os.path.abspath(entry or ".") != HERE] + [HERE]

import numpy as np  # noqa: E402
import tensorflow_workloads as workloads  # noqa: E402

QUICK = "--quick" in sys.argv
CLOCK = time.perf_counter if "--wall" in sys.argv else time.process_time
OP_ROUNDS, OP_NUMBER = (3, 200) if QUICK else (9, 1000)
FUNCTION_ROUNDS, FUNCTION_NUMBER = (3, 50) if QUICK else (9, 300)
WORKLOAD_ROUNDS, WORKLOAD_NUMBER = (2, 3) if QUICK else (7, 15)


def best_microseconds(variants, rounds, number):
    """Best time per call of each variant over interleaved rounds (noise hits all alike)."""
    for call in variants.values():
        call()  # warm up: traces, caches, first session run
    best = {name: float("inf") for name in variants}
    for _ in range(rounds):
        for name, call in variants.items():
            seconds = timeit.Timer(call, timer=CLOCK).timeit(number=number)
            best[name] = min(best[name], seconds / number * 1e6)
    return best


def called(function, values):
    return lambda: function(values)


# --- the eager side: kerasbridge's engine, raw TensorFlow, tf_keras's eager ops -------------


def eager_side():
    import kerasbridge

    kerasbridge.configure(implementation="keras", backend="tensorflow")
    import tensorflow as tf
    from tf_keras import backend as tfk

    from kerasbridge import backend as K
    from kerasbridge.engines import tensorflow as engine

    results = {}
    results.update(_op_measures(K, engine, tf, tfk))
    results.update(_raw_function_measure(tf))
    function, values = workloads.small_function(K)
    results.update(
        _prefixed(
            "function.ours",
            best_microseconds({"": called(function, values)}, FUNCTION_ROUNDS, FUNCTION_NUMBER),
        )
    )
    results.update(_workload_measures(K, "ours"))
    return results


def _op_measures(K, engine, tf, tfk):
    random = np.random.RandomState(3)
    x = tf.constant(random.normal(size=(32, 32)).astype("float32"))
    images = tf.constant(random.normal(size=(1, 16, 16, 8)).astype("float32"))
    kernel = tf.constant(random.normal(size=(3, 3, 8, 8)).astype("float32"))
    ops = {
        "abs": (lambda: tf.abs(x), lambda: K.abs(x), lambda: engine.abs(x), lambda: tfk.abs(x)),
        "sum(x, axis=1)": (
            lambda: tf.reduce_sum(x, axis=1),
            lambda: K.sum(x, axis=1),
            lambda: engine.sum(x, axis=1),
            lambda: tfk.sum(x, axis=1),
        ),
        "dot": (
            lambda: tf.matmul(x, x),
            lambda: K.dot(x, x),
            lambda: engine.dot(x, x),
            lambda: tfk.dot(x, x),
        ),
        "conv2d": (
            lambda: tf.nn.conv2d(images, kernel, 1, "VALID"),
            lambda: K.conv2d(images, kernel),
            lambda: engine.conv2d(images, kernel),
            lambda: tfk.conv2d(images, kernel),
        ),
    }
    results = {}
    for op, (raw, ours, unguarded, theirs) in ops.items():
        best = best_microseconds(
            {"raw": raw, "ours": ours, "engine": unguarded, "tf_keras": theirs},
            OP_ROUNDS,
            OP_NUMBER,
        )
        results.update(_prefixed("op.%s" % op, best))
    results.update(_guard_alone(x, images, kernel))
    return results


def _guard_alone(x, images, kernel):
    """The guard's own cost per call: guarded minus unguarded, around a function doing nothing
    (K.<op> minus the engine's function is the same difference, but buried in the op's noise)."""
    from kerasbridge.api import SPEC
    from kerasbridge.guard import guard

    def nothing(*args):
        return None

    calls = {
        "abs": (lambda f: f(x)),
        "sum(x, axis=1)": (lambda f: f(x, 1)),
        "dot": (lambda f: f(x, x)),
        "conv2d": (lambda f: f(images, kernel)),
    }
    results = {}
    for op, call in calls.items():
        guarded = guard(SPEC[op.split("(")[0]], nothing)
        best = best_microseconds(
            {
                "plain": lambda call=call: call(nothing),
                "guarded": lambda call=call, g=guarded: call(g),
            },
            OP_ROUNDS,
            OP_NUMBER * 10,
        )
        results["op.%s.guard" % op] = best["guarded"] - best["plain"]
    return results


def _raw_function_measure(tf):
    """tanh(x . w) as a raw tf.function (fixed signature), fed and read like K.function."""
    random = np.random.RandomState(2)
    w = tf.Variable(random.normal(size=(16, 16)).astype("float32"))
    values = random.normal(size=(8, 16)).astype("float32")

    @tf.function(input_signature=[tf.TensorSpec((None, 16), tf.float32)])
    def raw(x):
        return tf.tanh(tf.matmul(x, w))

    best = best_microseconds({"": lambda: raw(values).numpy()}, FUNCTION_ROUNDS, FUNCTION_NUMBER)
    return _prefixed("function.raw tf.function", best)


# --- the graph side: tf_keras in graph mode, raw and through kerasbridge ----------------------


def graph_side():
    import kerasbridge

    kerasbridge.configure(implementation="tensorflow", backend="tensorflow")
    from tf_keras import backend as tfk

    from kerasbridge import backend as K

    results = {}
    raw_function, raw_values = workloads.small_function(tfk)
    our_function, our_values = workloads.small_function(K)
    best = best_microseconds(
        {
            "tf_keras": called(raw_function, raw_values),
            "ours on tf_keras": called(our_function, our_values),
        },
        FUNCTION_ROUNDS,
        FUNCTION_NUMBER,
    )
    results.update(_prefixed("function", best))
    results.update(_workload_measures(tfk, "tf_keras"))
    results.update(_workload_measures(K, "ours on tf_keras"))
    return results


def _workload_measures(K, label):
    results = {}
    for name, build in (
        ("conv net step", workloads.conv_net_step),
        ("rnn 100 steps", workloads.rnn_step),
    ):
        step, values = build(K)
        best = best_microseconds({label: called(step, values)}, WORKLOAD_ROUNDS, WORKLOAD_NUMBER)
        results.update(_prefixed("workload.%s" % name, best))
    return results


def _prefixed(prefix, best):
    return {("%s.%s" % (prefix, name)).rstrip("."): value for name, value in best.items()}


if __name__ == "__main__":
    side = sys.argv[1]
    measured = {"eager": eager_side, "graph": graph_side}[side]()
    print("RESULTS " + json.dumps(measured))
