"""One side of bench/bench_tensorflow.py, run in its own interpreter: prints microseconds per call
of each measure as JSON. Sides: "eager" (kerasbridge's TensorFlow engine and a raw
tf.function) and "graph" (tf_keras in graph mode, raw and through implementation
"tensorflow"); tf_keras in graph mode cannot share a process with the eager engine.
Eager ops are measured by bench/eager_ops.py.

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

    from kerasbridge import backend as K

    results = {}
    results.update(_raw_function_measure(tf))
    function, values = workloads.small_function(K)
    results.update(
        _prefixed(
            "function.ours",
            best_microseconds({"": called(function, values)}, FUNCTION_ROUNDS, FUNCTION_NUMBER),
        )
    )
    results.update(_workload_measures({"ours": K, "raw tf.function": tf}))
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
    results.update(_workload_measures({"tf_keras": tfk, "ours on tf_keras": K}))
    return results


def _workload_measures(sides):
    """Each training step's time, the sides' rounds interleaved: label -> K, where a label
    starting with "raw" gets the step written in raw TensorFlow (its K is then tf). The loss
    of the first call is kept too ("loss.<workload>.<label>"): every side must compute the
    same step."""
    results = {}
    for name, build, build_raw in (
        ("conv net step", workloads.conv_net_step, workloads.raw_conv_net_step),
        ("rnn 100 steps", workloads.rnn_step, workloads.raw_rnn_step),
    ):
        calls = {}
        for label, K in sides.items():
            step, values = (build_raw if label.startswith("raw") else build)(K)
            results["loss.%s.%s" % (name, label)] = float(np.asarray(step(values)[0]))
            calls[label] = called(step, values)
        best = best_microseconds(calls, WORKLOAD_ROUNDS, WORKLOAD_NUMBER)
        results.update(_prefixed("workload.%s" % name, best))
    return results


def _prefixed(prefix, best):
    return {("%s.%s" % (prefix, name)).rstrip("."): value for name, value in best.items()}


if __name__ == "__main__":
    side = sys.argv[1]
    measured = {"eager": eager_side, "graph": graph_side}[side]()
    print("RESULTS " + json.dumps(measured))
