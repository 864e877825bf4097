"""CNTK: the per-call cost of K.function against the raw CNTK evaluation of the same graph.

Each case is timed in interleaved rounds (best of ROUNDS) in one run, so machine noise hits
both alike; the clock is the process's CPU time, which other processes on a busy machine
disturb less than wall time. The raw side is what a CNTK user writes by hand: a combined
Function evaluated with a feed dict (``Function.eval``).
Run: .venv-cntk/bin/python bench/bench_cntk.py [--write]   (--write records bench/results/cntk.md)
"""

import datetime
import os
import platform
import sys
import time
import timeit

os.environ["KERAS_BACKEND"] = "cntk"
HERE = os.path.dirname(os.path.abspath(__file__))
# Run as a script, this file's folder comes first on sys.path and this file is named cntk.py:
# without the folder, `import cntk` finds the library, not this benchmark.
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != HERE] + [HERE]

import numpy as np  # noqa: E402
import summary  # noqa: E402

from kerasbridge import backend as K  # noqa: E402
from kerasbridge.engines.cntk._cntk import C  # noqa: E402

ROUNDS, NUMBER = 25, 300
TARGET = 1.1  # issue 16: K.function within 1.1x of the raw CNTK evaluation it wraps


def microseconds(call):
    return timeit.Timer(call, timer=time.process_time).timeit(number=NUMBER) / NUMBER * 1e6


def best_of_rounds(variants):
    best = {name: float("inf") for name in variants}
    for _ in range(ROUNDS):
        for name, call in variants.items():
            best[name] = min(best[name], microseconds(call))
    return best


def two_ops():
    """x * 2 + 1 on a (32, 10) batch: almost pure call overhead."""
    value = np.random.RandomState(0).rand(32, 10).astype("float32")
    x = K.placeholder(shape=(None, 10))
    ours = K.function([x], [x * 2.0 + 1.0])
    raw_x = C.input_variable((C.FreeDimension, 10), dynamic_axes=[])
    raw = C.combine([raw_x * 2.0 + 1.0])
    return {"K.function": lambda: ours([value]), "raw CNTK eval": lambda: raw.eval({raw_x: value})}


def dense_with_update():
    """A dense layer's loss plus one variable update per call (Keras 2 training style)."""
    rng = np.random.RandomState(1)
    value = rng.rand(32, 20).astype("float32")
    weights, bias = rng.rand(20, 8).astype("float32"), np.zeros(8, "float32")
    x = K.placeholder(shape=(None, 20))
    w, b, steps = K.variable(weights), K.variable(bias), K.variable(np.zeros(1))
    loss = K.sum(K.relu(K.dot(x, w) + b))
    ours = K.function([x], [loss], updates=[K.update_add(steps, K.ones_like(steps) + 0 * loss)])
    raw_x = C.input_variable((C.FreeDimension, 20), dynamic_axes=[])
    raw_w, raw_b = C.parameter(init=weights), C.parameter(init=bias)
    raw_steps = C.parameter(init=np.zeros(1, "float32"))
    raw_loss = C.reduce_sum(C.relu(C.times(raw_x, raw_w) + raw_b))
    raw = C.combine([raw_loss, C.assign(raw_steps, raw_steps + 1.0 + 0 * raw_loss)])
    return {"K.function": lambda: ours([value]), "raw CNTK eval": lambda: raw.eval({raw_x: value})}


def training_step():
    """Loss, gradients and SGD updates: our gradient inputs (a backward pass, then a forward
    pass for the updates) against a hand-written CNTK grad() call and parameter assignment."""
    rng = np.random.RandomState(2)
    value = rng.rand(32, 20).astype("float32")
    weights = rng.rand(20, 1).astype("float32")
    x = K.placeholder(shape=(None, 20))
    w = K.variable(weights)
    loss = K.mean(K.square(K.dot(x, w)))
    gradient = K.gradients(loss, [w])[0]
    ours = K.function([x], [loss], updates=[K.update_sub(w, 0.01 * gradient)])
    raw_x = C.input_variable((C.FreeDimension, 20), dynamic_axes=[])
    raw_w = C.parameter(init=weights)
    raw_loss = C.reduce_mean(C.square(C.times(raw_x, raw_w)))

    def raw_step():
        grads, outputs = raw_loss.grad({raw_x: value}, wrt=[raw_w], outputs=[raw_loss])
        raw_w.value = raw_w.value - 0.01 * grads
        return outputs

    return {"K.function": lambda: ours([value]), "raw CNTK eval": raw_step}


CASES = [
    ("x * 2 + 1, batch (32, 10)", two_ops),
    ("dense loss + one update", dense_with_update),
    ("training step: loss, gradient, SGD update", training_step),
]


def main(write):
    print("load average %s" % summary.load_average())
    rows = []
    for title, build in CASES:
        best = best_of_rounds(build())
        ours, raw = best["K.function"], best["raw CNTK eval"]
        rows.append((title, ours, raw))
        print(
            "%-44s K.function %8.1f us   raw CNTK %8.1f us   ratio x%.2f   overhead %+.1f us"
            % (title, ours, raw, ours / raw, ours - raw)
        )
        summary.emit("K.function vs raw CNTK, %s" % title, ours, raw, TARGET)
    if write:
        _write(rows)


def _write(rows):
    lines = [
        "# CNTK benchmark: K.function call vs raw CNTK evaluation",
        "",
        "Recorded %s on %s (%s, Python %s, cntk %s), with `.venv-cntk/bin/python "
        "bench/bench_cntk.py --write`. Best of %d interleaved rounds of %d calls, process CPU "
        "time; 2 cores, load average %.1f at the end."
        % (
            datetime.date.today().isoformat(),
            platform.node(),
            platform.platform(),
            platform.python_version(),
            C.__version__,
            ROUNDS,
            NUMBER,
            os.getloadavg()[0],
        ),
        "",
        "| case | K.function | raw CNTK | ratio | overhead |",
        "|---|---:|---:|---:|---:|",
    ]
    for title, ours, raw in rows:
        lines.append(
            "| %s | %.1f us | %.1f us | x%.2f | %+.1f us |"
            % (title, ours, raw, ours / raw, ours - raw)
        )
    lines += [
        "",
        "The raw side of the first two cases is `Function.eval(feed dict)` on a graph combined "
        "once; of the third, `Function.grad(..., outputs=[loss])` then setting the parameter's "
        "value from NumPy, as a CNTK user would without a Learner.",
    ]
    with open(os.path.join(HERE, "results", "cntk.md"), "w") as handle:
        handle.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main("--write" in sys.argv[1:])
