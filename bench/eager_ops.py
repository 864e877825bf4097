"""Eager ops on TensorFlow (issue 16): K.<op> against the raw TensorFlow call and tf_keras.

For each of 26 common ops on small inputs, in interleaved rounds (best of ROUNDS, process CPU
time) in each of PROCESSES fresh processes (the median of those bests is reported), five
variants of the same computation, each called as a user writes it (``K.relu(x)``):
- raw: the TensorFlow call a TF user writes for the op (the same TF ops Keras 2 semantics need:
  the cross-entropies normalise and clip as Keras 2 does, channels_first convolution
  transposes around the channels-last kernel as TensorFlow's CPU kernels require);
- body: the engine module's own function (no graph check, no guard);
- engine: the engine's exported function (graph check: symbolic or eager), no guard;
- K: ``K.<op>``, the guarded function users call;
- tf_keras: ``tf_keras.backend.<op>``, eager.
So K / raw splits into the body's Python (body - raw), the graph check (engine - body) and the
guard (K - engine). Target: K / raw within 1.05 for every op.

Run: .venv/bin/python bench/eager_ops.py [--quick] [--processes 3] [--ops abs,dot] [--profile OP]
"""

import argparse
import cProfile
import json
import os
import pstats
import statistics
import subprocess
import sys
import time
import timeit

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
HERE = os.path.dirname(os.path.abspath(__file__))
# This folder holds tensorflow_side.py and friends; keep it last so `import tensorflow` finds TF.
sys.path[:] = [entry for entry in sys.path if os.path.abspath(entry or ".") != HERE] + [HERE]

import numpy as np  # noqa: E402
import summary  # noqa: E402

TARGET = 1.05
VARIANTS = ("raw", "body", "engine", "K", "tf_keras")


# The ops measured, in table order (build_ops gives each its calls).
OP_NAMES = (
    "abs",
    "square",
    "exp",
    "sum(x, axis=1)",
    "mean(x, axis=1)",
    "max(x, axis=-1)",
    "argmax",
    "dot",
    "batch_dot",
    "conv2d(channels_last)",
    "conv2d(channels_first)",
    "pool2d",
    "bias_add",
    "concatenate",
    "reshape",
    "transpose",
    "expand_dims",
    "gather",
    "cast",
    "maximum(x, 0.5)",
    "clip",
    "relu",
    "sigmoid",
    "softmax",
    "categorical_crossentropy",
    "binary_crossentropy",
)


def build_ops(tf, K, tfk):
    """op name -> (raw call, arguments for K/tf_keras as (args, kwargs))."""
    random = np.random.RandomState(3)

    def constant(*shape):
        return tf.constant(random.normal(size=shape).astype("float32"))

    x = constant(32, 32)
    positive = tf.nn.softmax(constant(32, 10))
    labels = tf.one_hot(random.randint(0, 10, size=32), 10)
    binary = tf.constant(random.randint(0, 2, size=(32, 10)).astype("float32"))
    a3, b3 = constant(8, 4, 5), constant(8, 5, 6)
    images = constant(1, 16, 16, 8)
    images_first = tf.transpose(images, [0, 3, 1, 2])
    kernel = constant(3, 3, 8, 8)
    bias = constant(8)
    indices = tf.constant([0, 3, 5, 7], dtype=tf.int32)
    epsilon = K.epsilon()

    def categorical_crossentropy_raw():
        output = positive / tf.reduce_sum(positive, -1, keepdims=True)
        output = tf.clip_by_value(output, epsilon, 1 - epsilon)
        return -tf.reduce_sum(labels * tf.math.log(output), -1)

    def binary_crossentropy_raw():
        output = tf.clip_by_value(positive, epsilon, 1 - epsilon)
        logits = tf.math.log(output / (1 - output))
        return tf.nn.sigmoid_cross_entropy_with_logits(labels=binary, logits=logits)

    def conv2d_first_raw():
        moved = tf.transpose(images_first, [0, 2, 3, 1])
        result = tf.nn.conv2d(moved, kernel, 1, "VALID")
        return tf.transpose(result, [0, 3, 1, 2])

    ops = {
        "abs": (lambda: tf.abs(x), (x,), {}),
        "square": (lambda: tf.square(x), (x,), {}),
        "exp": (lambda: tf.exp(x), (x,), {}),
        "sum(x, axis=1)": (lambda: tf.reduce_sum(x, axis=1), (x,), {"axis": 1}),
        "mean(x, axis=1)": (lambda: tf.reduce_mean(x, axis=1), (x,), {"axis": 1}),
        "max(x, axis=-1)": (lambda: tf.reduce_max(x, axis=-1), (x,), {"axis": -1}),
        "argmax": (lambda: tf.argmax(x, axis=-1), (x,), {}),
        "dot": (lambda: tf.matmul(x, x), (x, x), {}),
        "batch_dot": (lambda: tf.matmul(a3, b3), (a3, b3), {"axes": (2, 1)}),
        "conv2d(channels_last)": (
            lambda: tf.nn.conv2d(images, kernel, 1, "VALID"),
            (images, kernel),
            {"data_format": "channels_last"},
        ),
        "conv2d(channels_first)": (
            conv2d_first_raw,
            (images_first, kernel),
            {"data_format": "channels_first"},
        ),
        "pool2d": (
            lambda: tf.nn.max_pool2d(images, 2, 2, "VALID"),
            (images, (2, 2)),
            {"strides": (2, 2), "data_format": "channels_last"},
        ),
        "bias_add": (lambda: tf.nn.bias_add(images, bias), (images, bias), {}),
        "concatenate": (lambda: tf.concat([x, x], axis=-1), ([x, x],), {}),
        "reshape": (lambda: tf.reshape(x, (16, 64)), (x, (16, 64)), {}),
        "transpose": (lambda: tf.transpose(x), (x,), {}),
        "expand_dims": (lambda: tf.expand_dims(x, 1), (x, 1), {}),
        "gather": (lambda: tf.gather(x, indices), (x, indices), {}),
        "cast": (lambda: tf.cast(x, tf.float16), (x, "float16"), {}),
        "maximum(x, 0.5)": (lambda: tf.maximum(x, 0.5), (x, 0.5), {}),
        "clip": (lambda: tf.clip_by_value(x, -0.5, 0.5), (x, -0.5, 0.5), {}),
        "relu": (lambda: tf.nn.relu(x), (x,), {}),
        "sigmoid": (lambda: tf.sigmoid(x), (x,), {}),
        "softmax": (lambda: tf.nn.softmax(x), (x,), {}),
        "categorical_crossentropy": (categorical_crossentropy_raw, (labels, positive), {}),
        "binary_crossentropy": (binary_crossentropy_raw, (binary, positive), {}),
    }
    assert tuple(ops) == OP_NAMES, "OP_NAMES and build_ops list different ops"
    return ops


def _body_of(name):
    """The engine module's own function (before the graph check), found by name."""
    import importlib

    for module in ("core", "math", "nn", "rnn", "random", "ctc"):
        try:
            found = importlib.import_module("kerasbridge.engines.tensorflow." + module)
        except ImportError:
            continue
        if callable(getattr(found, name, None)) and name in getattr(found, "__all__", [name]):
            return getattr(found, name)
    raise LookupError("no engine function %s" % name)


def variants_of(name, raw, args, kwargs, K, engine, tfk):
    function = name.split("(")[0]
    body, exported, guarded = _body_of(function), getattr(engine, function), getattr(K, function)
    theirs = getattr(tfk, function)
    return {
        "raw": raw,
        "body": written_call(body, args, kwargs),
        "engine": written_call(exported, args, kwargs),
        "K": written_call(guarded, args, kwargs),
        "tf_keras": written_call(theirs, args, kwargs),
    }


def written_call(function, args, kwargs):
    """A call of function as a user writes it (``f(x, 0.5, axis=1)``), as the raw lambdas are:
    unpacking ``*args, **kwargs`` would cost our side ~0.3 us that the raw side does not pay."""
    namespace = {"function": function}
    written = []
    for index, value in enumerate(args):
        namespace["a%d" % index] = value
        written.append("a%d" % index)
    for name, value in kwargs.items():
        namespace["k_" + name] = value
        written.append("%s=k_%s" % (name, name))
    return eval("lambda: function(%s)" % ", ".join(written), namespace)


def best_microseconds(variants, rounds, number):
    for call in variants.values():
        call()
        call()
    best = {name: float("inf") for name in variants}
    for _ in range(rounds):
        for name, call in variants.items():
            seconds = timeit.Timer(call, timer=time.process_time).timeit(number=number)
            best[name] = min(best[name], seconds / number * 1e6)
    return best


def check_same(name, variants):
    expected = np.asarray(variants["raw"]())
    for label in ("K", "tf_keras"):
        got = np.asarray(variants[label]())
        if got.shape != expected.shape or not np.allclose(got, expected, atol=1e-5):
            raise AssertionError("%s: %s differs from the raw call" % (name, label))


def load():
    import kerasbridge

    kerasbridge.configure(implementation="keras", backend="tensorflow")
    import tensorflow as tf
    from tf_keras import backend as tfk

    from kerasbridge import backend as K
    from kerasbridge.engines import tensorflow as engine

    return tf, K, engine, tfk


def measure(chosen, rounds, number):
    """op -> variant -> best microseconds, in this process."""
    tf, K, engine, tfk = load()
    ops = build_ops(tf, K, tfk)
    results = {}
    for name in chosen:
        raw, args, kwargs = ops[name]
        variants = variants_of(name, raw, args, kwargs, K, engine, tfk)
        check_same(name, variants)
        results[name] = best_microseconds(variants, rounds, number)
    return results


def measure_in_processes(chosen, wanted, rounds, number, processes):
    """The median over fresh processes of each variant's best time.

    Where the interpreter and TensorFlow place their code and data changes from one process to
    the next, and with it a small op's time by up to ~20% for every Python frame around the op
    (measured: the same K.relu at 1.01x, 1.03x and 1.11x of the raw call in three processes).
    Rounds within one process cannot average that out; processes can (as pyperf does)."""
    runs = []
    for _ in range(processes):
        command = [sys.executable, os.path.abspath(__file__), "--child", "--rounds", str(rounds)]
        command += ["--number", str(number)] + (["--ops", wanted] if wanted else [])
        output = subprocess.run(command, check=True, stdout=subprocess.PIPE).stdout.decode()
        lines = [line for line in output.splitlines() if line.startswith(CHILD_PREFIX)]
        runs.append(json.loads(lines[-1][len(CHILD_PREFIX) :]))
    return {
        name: {
            variant: statistics.median(run[name][variant] for run in runs) for variant in VARIANTS
        }
        for name in chosen
    }


CHILD_PREFIX = "EAGER_RESULTS "


def print_table(results):
    print(
        "| op | raw TF | body | engine | K | tf_keras | K / raw | body - raw | "
        "check | guard | K / tf_keras |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, best in results.items():
        print(
            "| %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.3f | %+.1f | %+.1f | %+.1f | %.3f |"
            % (
                name,
                best["raw"],
                best["body"],
                best["engine"],
                best["K"],
                best["tf_keras"],
                best["K"] / best["raw"],
                best["body"] - best["raw"],
                best["engine"] - best["body"],
                best["K"] - best["engine"],
                best["K"] / best["tf_keras"],
            ),
            flush=True,
        )


def selected(names, wanted):
    """The ops named in --ops: a full name ("maximum(x, 0.5)") or its function ("maximum")."""
    if not wanted:
        return list(names)
    asked = set(wanted.split(","))
    return [name for name in names if name in asked or name.split("(")[0] in asked]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="few rounds, one process")
    parser.add_argument("--ops", help="comma-separated op names (default: all)")
    parser.add_argument("--profile", help="cProfile K.<op> for this op and print the top")
    parser.add_argument("--rounds", type=int, default=None)
    parser.add_argument("--number", type=int, default=500, help="calls per round")
    parser.add_argument("--processes", type=int, default=3, help="fresh processes (median)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    rounds = 3 if arguments.quick else (arguments.rounds or 15)
    number = 200 if arguments.quick else arguments.number
    if arguments.profile:
        tf, K, engine, tfk = load()
        raw, args, kwargs = build_ops(tf, K, tfk)[arguments.profile]
        calls = variants_of(arguments.profile, raw, args, kwargs, K, engine, tfk)
        profiler = cProfile.Profile()
        profiler.runcall(lambda: [calls["K"]() for _ in range(20000)])
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
        return
    chosen = selected(OP_NAMES, arguments.ops)
    if arguments.child:
        print(CHILD_PREFIX + json.dumps(measure(chosen, rounds, number)), flush=True)
        return
    processes = 1 if arguments.quick else max(1, arguments.processes)
    print(
        "Eager ops: process CPU time per call, the median over %d fresh processes of the best "
        "of %d rounds of %d calls; load average %s"
        % (processes, rounds, number, summary.load_average())
    )
    print()
    if processes == 1:
        results = measure(chosen, rounds, number)
    else:
        results = measure_in_processes(chosen, arguments.ops, rounds, number, processes)
    print_table(results)
    print()
    met = sum(best["K"] / best["raw"] <= TARGET for best in results.values())
    print("%d of %d ops within %.2fx of the raw TensorFlow call" % (met, len(results), TARGET))
    for name, best in results.items():
        summary.emit("eager K.%s vs raw TF" % name, best["K"], best["raw"], TARGET)


if __name__ == "__main__":
    main()
