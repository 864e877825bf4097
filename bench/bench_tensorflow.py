"""TensorFlow benchmarks (issues 3 and 16): kerasbridge's TensorFlow engine against raw
TensorFlow and tf_keras, ratios side by side in one run (eager ops: bench/eager_ops.py).

- a K.function call (tanh(x . w)) vs a raw tf.function vs tf_keras's K.function;
- workloads (a train step through K.function with SGD updates): a small conv net, and an rnn
  over 100 steps, ours vs the same step as a raw tf.function (GradientTape, assign_sub) vs
  tf_keras; every side's first loss must agree.
tf_keras needs graph mode for placeholders, gradients and updates, which cannot share a
process with the eager engine: each side runs in its own interpreter (bench/tensorflow_side.py),
alternately ``--repeats`` times, keeping each measure's best.

Times are CPU time per call (all threads of the measuring process), unless --wall: on a
shared machine, other processes' load moves wall time far more than CPU time.

Run: .venv/bin/python bench/bench_tensorflow.py [--repeats N] [--quick] [--wall]
"""

import argparse
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SIDE = os.path.join(HERE, "tensorflow_side.py")
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != HERE] + [HERE]

import summary  # noqa: E402

FUNCTION_TARGET = 0.75  # issue 16: our K.function at most 0.75x of tf_keras's
# A training step of 7-20 ms is TensorFlow's kernels: the same step written as a raw
# tf.function shows what is left to kerasbridge (its call, feeds and fetches). Interleaved in
# one process, the ratio still moves by 5-10% between runs (0.89-1.08 conv net, 0.97-1.08 rnn
# on 2026-12-03), TensorFlow's thread pools' CPU time: 1.10x is the band that says "the same".
RAW_STEP_TARGET = 1.10
WORKLOADS = ("conv net step", "rnn 100 steps")


def run_side(side, options):
    command = [sys.executable, SIDE, side] + options
    environ = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", PYTHONHASHSEED="0")
    completed = subprocess.run(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        universal_newlines=True,
        env=environ,
    )
    for line in completed.stdout.splitlines():
        if line.startswith("RESULTS "):
            return json.loads(line[len("RESULTS ") :])
    raise RuntimeError("the %s side failed:\n%s" % (side, completed.stderr[-4000:]))


def measure(repeats, options):
    best = {}
    for _ in range(repeats):
        for side in ("eager", "graph"):
            for name, microseconds in run_side(side, options).items():
                best[name] = min(best.get(name, float("inf")), microseconds)
    return best


def function_table(best):
    raw = best["function.raw tf.function"]
    theirs = best["function.tf_keras"]
    rows = [
        "| K.function call, tanh(x . w) | per call | / raw tf.function | / tf_keras |",
        "|---|---:|---:|---:|",
    ]
    for label, key in (
        ("raw tf.function", "function.raw tf.function"),
        ("ours (K.function, eager engine)", "function.ours"),
        ("tf_keras K.function (graph mode)", "function.tf_keras"),
        ('implementation "tensorflow" (tf_keras + adapters)', "function.ours on tf_keras"),
    ):
        rows.append(
            "| %s | %.1f us | %.2f | %.2f |"
            % (label, best[key], best[key] / raw, best[key] / theirs)
        )
    return rows


def workload_table(best):
    rows = [
        "| workload (train step) | raw tf.function | ours | ours / raw | tf_keras | "
        'ours / tf_keras | implementation "tensorflow" | it / tf_keras |',
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name in WORKLOADS:
        raw, ours, theirs, wrapped = (
            best["workload.%s.%s" % (name, side)]
            for side in ("raw tf.function", "ours", "tf_keras", "ours on tf_keras")
        )
        rows.append(
            "| %s | %.2f ms | %.2f ms | %.2f | %.2f ms | %.2f | %.2f ms | %.2f |"
            % (
                name,
                raw / 1e3,
                ours / 1e3,
                ours / raw,
                theirs / 1e3,
                ours / theirs,
                wrapped / 1e3,
                wrapped / theirs,
            )
        )
    return rows


def check_same_losses(best):
    """Every side's first call must give the same loss: they time the same training step."""
    for name in WORKLOADS:
        losses = {key: value for key, value in best.items() if key.startswith("loss.%s." % name)}
        reference = losses["loss.%s.raw tf.function" % name]
        for key, value in losses.items():
            if abs(value - reference) > 1e-4 * max(1.0, abs(reference)):
                raise AssertionError(
                    "%s: %s = %r, raw tf.function %r" % (name, key, value, reference)
                )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--repeats", type=int, default=2, help="alternate the two sides this many times (default 2)"
    )
    parser.add_argument("--quick", action="store_true", help="few rounds: check it runs")
    parser.add_argument("--wall", action="store_true", help="wall-clock time, not CPU time")
    arguments = parser.parse_args()
    options = ["--quick"] * arguments.quick + ["--wall"] * arguments.wall
    best = measure(arguments.repeats, options)
    check_same_losses(best)
    print(
        "%s time per call, best of %d runs of each side\n"
        % ("wall-clock" if arguments.wall else "CPU", arguments.repeats)
    )
    print("load average %s\n" % summary.load_average())
    print("\n".join(function_table(best) + [""] + workload_table(best)))
    summary.emit(
        "K.function tanh(x . w) vs tf_keras K.function",
        best["function.ours"],
        best["function.tf_keras"],
        FUNCTION_TARGET,
    )
    for name in WORKLOADS:
        summary.emit(
            "K.function %s (train step) vs tf_keras" % name,
            best["workload.%s.ours" % name],
            best["workload.%s.tf_keras" % name],
            FUNCTION_TARGET,
        )
        summary.emit(
            "K.function %s (train step) vs the same step as a raw tf.function" % name,
            best["workload.%s.ours" % name],
            best["workload.%s.raw tf.function" % name],
            RAW_STEP_TARGET,
        )


if __name__ == "__main__":
    main()
