"""Memory over many calls (issue 16): the resident set size (RSS) before and after 10^5 calls of
a K.function training step and 10^4 eager evaluations, on every engine, each in its own process.

The function: loss = mean(square(x . w)), its gradient and an SGD update of w (the Keras 2
training step). The eager evaluation: K.eval(K.sum(K.square(v))) of a variable v, a new
expression each time, as a script or an R session does. Each is warmed up (2,000 calls, so
caches, allocators and compiled code are in place) before the first reading. RSS is read from
/proc/self/statm. Target: flat, i.e. growth under 2% of the RSS and under 0.1 MB per 1,000
calls (allocator noise of a few hundred KB stays within it).

Run: .venv/bin/python bench/memory.py [engine ...] [--calls N] [--evals N]
  engines: tensorflow, tf_keras, theano, pytensor (with .venv), cntk (with .venv-cntk).
  .venv-cntk/bin/python bench/memory.py cntk
"""

import argparse
import gc
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != HERE] + [HERE]

import summary  # noqa: E402

ENGINES = {
    "tensorflow": {"KERAS_BACKEND": "tensorflow", "KERAS_IMPLEMENTATION": "keras"},
    "tf_keras": {"KERAS_BACKEND": "tensorflow", "KERAS_IMPLEMENTATION": "tensorflow"},
    "theano": {"KERAS_BACKEND": "theano", "KERASBRIDGE_THEANO_LIBRARY": "theano"},
    "pytensor": {"KERAS_BACKEND": "theano", "KERASBRIDGE_THEANO_LIBRARY": "pytensor"},
    "cntk": {"KERAS_BACKEND": "cntk", "KERAS_IMPLEMENTATION": "keras"},
}
MAIN_VENV = ("tensorflow", "tf_keras", "theano", "pytensor")
WARM_UP = {"function": 2000, "eval": 200}
# tf_keras in graph mode adds every evaluated expression to its one graph, so each K.eval of a
# new expression costs more than the last (~20 ms at 100, growing): 1,000 evals there.
EVALS_AT_MOST = {"tf_keras": 1000}
GROWTH_SHARE, GROWTH_PER_1000 = 0.02, 0.1  # the "flat" target (MB)


def rss_mb():
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2.0**20


def reading():
    gc.collect()
    return rss_mb()


def worker(calls, evals):
    import numpy as np

    from kerasbridge import backend as K

    random = np.random.RandomState(0)
    x = K.placeholder(shape=(None, 16))
    w = K.variable(random.normal(size=(16, 4)).astype("float32"))
    loss = K.mean(K.square(K.dot(x, w)))
    gradient = K.gradients(loss, [w])[0]
    step = K.function([x], [loss], updates=[K.update_sub(w, 0.001 * gradient)])
    batch = random.normal(size=(8, 16)).astype("float32")
    v = K.variable(random.normal(size=(4, 4)).astype("float32"))
    report = {}
    for what, count, call in (
        ("function", calls, lambda: step([batch])),
        ("eval", evals, lambda: K.eval(K.sum(K.square(v)))),
    ):
        for _ in range(WARM_UP[what]):
            call()
        before = reading()
        started = time.time()
        for _ in range(count):
            call()
        after = reading()
        report[what] = {
            "calls": count,
            "before": before,
            "after": after,
            "seconds": time.time() - started,
        }
    print("RESULT " + json.dumps(report))


def run_engine(engine, calls, evals):
    environ = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", **ENGINES[engine])
    environ.setdefault("KERASBRIDGE_CACHE_DIR", os.path.join(ROOT, ".cache"))
    evals = min(evals, EVALS_AT_MOST.get(engine, evals))
    command = [sys.executable, os.path.abspath(__file__), "--worker", "--calls", str(calls)]
    command += ["--evals", str(evals)]
    done = subprocess.run(
        command,
        env=environ,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        universal_newlines=True,
    )
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT ") :])
    tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
    raise RuntimeError("%s: the worker failed: %s" % (engine, tail))


def report(engine, results):
    for what, label in (("function", "K.function calls"), ("eval", "eager evals")):
        measured = results[what]
        growth = measured["after"] - measured["before"]
        per_1000 = growth / measured["calls"] * 1000
        flat = growth <= GROWTH_SHARE * measured["before"] and per_1000 <= GROWTH_PER_1000
        print(
            "%-10s %-17s %7d calls  RSS %7.1f MB -> %7.1f MB  growth %+6.2f MB  (%+.4f MB per "
            "1000 calls, %.1f s)"
            % (
                engine,
                label,
                measured["calls"],
                measured["before"],
                measured["after"],
                growth,
                per_1000,
                measured["seconds"],
            ),
            flush=True,
        )
        summary.emit_text(
            "memory, %s, %d %s" % (engine, measured["calls"], label),
            "%.1f MB after" % measured["after"],
            "%.1f MB before" % measured["before"],
            "%+.3f MB/1000" % per_1000,
            "flat: < %.1f MB/1000 and < %d%%" % (GROWTH_PER_1000, GROWTH_SHARE * 100),
            flat,
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("engines", nargs="*")
    parser.add_argument("--calls", type=int, default=100000)
    parser.add_argument("--evals", type=int, default=10000)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.worker:
        worker(arguments.calls, arguments.evals)
        return
    engines = arguments.engines or list(MAIN_VENV)
    print("load average %s" % summary.load_average(), flush=True)
    failed = []
    for engine in engines:
        try:
            report(engine, run_engine(engine, arguments.calls, arguments.evals))
        except RuntimeError as error:
            print(error)
            failed.append(engine)
    if failed:
        sys.exit("failed: %s" % ", ".join(failed))


if __name__ == "__main__":
    main()
