"""Memory over many calls (issue 16): the resident set size (RSS) before and after 10^5 calls of
a K.function training step and 10^4 eager evaluations, on every engine, each in its own process.

The function: loss = mean(square(x . w)), its gradient and an SGD update of w (the Keras 2
training step). The eager evaluation: K.eval(K.sum(K.square(v))) of a variable v, a new
expression each time, as a script or an R session does. Each is warmed up (2,000 calls, so
caches, allocators and compiled code are in place) before the first reading. RSS is read from
/proc/self/statm. Target: flat, i.e. growth under 2% of the RSS and under 0.1 MB per 1,000
calls (allocator noise of a few hundred KB stays within it). Beside each engine's evaluations,
the same evaluations written with the engine's own library and no K call ("raw evals"): what
the engine itself keeps per new expression.

Run: .venv/bin/python bench/memory.py [engine ...] [--calls N] [--evals N]
  engines: tensorflow, tf_keras, theano, pytensor, jax (with .venv), cntk (with .venv-cntk).
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
    "jax": {"KERAS_BACKEND": "jax", "KERAS_IMPLEMENTATION": "keras"},
    "cntk": {"KERAS_BACKEND": "cntk", "KERAS_IMPLEMENTATION": "keras"},
}
MAIN_VENV = ("tensorflow", "tf_keras", "theano", "pytensor", "jax")
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
        report[what] = growth_over(call, WARM_UP[what], count)
    print("RESULT " + json.dumps(report))


def growth_over(call, warm_up, count):
    """RSS before and after ``count`` calls, once ``warm_up`` calls have run."""
    for _ in range(warm_up):
        call()
    before = reading()
    started = time.time()
    for _ in range(count):
        call()
    after = reading()
    return {"calls": count, "before": before, "after": after, "seconds": time.time() - started}


def reference_evaluation(engine):
    """The same eager evaluation written with the engine's own library, no K function: what
    the engine itself keeps per evaluation of a new expression."""
    import numpy as np

    value = np.random.RandomState(0).normal(size=(4, 4)).astype("float32")
    if engine == "tf_keras":
        import tensorflow as tf

        tf.compat.v1.disable_eager_execution()  # as implementation "tensorflow" runs it
        from tf_keras import backend as tfk

        v = tfk.variable(value)
        return lambda: tfk.eval(tfk.sum(tfk.square(v)))
    if engine == "tensorflow":
        import tensorflow as tf

        v = tf.Variable(value)
        return lambda: tf.reduce_sum(tf.square(v)).numpy()
    if engine in ("theano", "pytensor"):
        import importlib

        # Loaded as K loads it (Theano 1.0.5 needs the loader's workarounds to run here),
        # then used directly: no K function takes part in the loop.
        importlib.import_module("kerasbridge.backend")
        library = importlib.import_module(engine)
        tensor = importlib.import_module(engine + ".tensor")
        v = library.shared(value)
        mode = library.Mode(linker="py", optimizer="fast_compile")  # what K.eval compiles with
        return lambda: library.function([], tensor.sum(tensor.sqr(v)), mode=mode)()
    if engine == "jax":
        import jax.numpy as jnp

        v = jnp.asarray(value)
        return lambda: np.asarray(jnp.sum(jnp.square(v)))
    if engine == "cntk":
        import cntk

        v = cntk.parameter(init=value)
        return lambda: cntk.reduce_sum(cntk.square(v), axis=cntk.Axis.all_static_axes()).eval()
    raise ValueError("no reference evaluation for engine %r" % engine)


def reference_worker(engine, evals):
    call = reference_evaluation(engine)
    print("RESULT " + json.dumps({"eval": growth_over(call, WARM_UP["eval"], evals)}))


def run_engine(engine, calls, evals, reference=False):
    environ = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", **ENGINES[engine])
    environ.setdefault("KERASBRIDGE_CACHE_DIR", os.path.join(ROOT, ".cache"))
    evals = min(evals, EVALS_AT_MOST.get(engine, evals))
    command = [sys.executable, os.path.abspath(__file__), "--worker", "--calls", str(calls)]
    command += ["--evals", str(evals)] + (["--reference", engine] if reference else [])
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


def growth_per_1000(measured):
    return (measured["after"] - measured["before"]) / measured["calls"] * 1000


def report(engine, results, reference=None):
    """Print ours and, for evaluations, the engine's own library doing the same (reference)."""
    for what, label in (("function", "K.function calls"), ("eval", "eager evals")):
        measured = results[what]
        growth = measured["after"] - measured["before"]
        per_1000 = growth_per_1000(measured)
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
        compared = "%.1f MB before" % measured["before"]
        if what == "eval" and reference is not None:
            own = reference["eval"]
            print(
                "%-10s %-17s %7d calls  RSS %7.1f MB -> %7.1f MB  (%+.4f MB per 1000 calls, "
                "%.1f s): the engine's own library, no K call"
                % (
                    engine,
                    "raw evals",
                    own["calls"],
                    own["before"],
                    own["after"],
                    growth_per_1000(own),
                    own["seconds"],
                ),
                flush=True,
            )
            compared += "; raw %s: %+.3f MB/1000" % (engine, growth_per_1000(own))
        summary.emit_text(
            "memory, %s, %d %s" % (engine, measured["calls"], label),
            "%.1f MB after" % measured["after"],
            compared,
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
    parser.add_argument("--reference", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.worker and arguments.reference:
        reference_worker(arguments.reference, arguments.evals)
        return
    if arguments.worker:
        worker(arguments.calls, arguments.evals)
        return
    engines = arguments.engines or list(MAIN_VENV)
    print("load average %s" % summary.load_average(), flush=True)
    failed = []
    for engine in engines:
        try:
            ours = run_engine(engine, arguments.calls, arguments.evals)
            report(engine, ours, run_engine(engine, 0, arguments.evals, reference=True))
        except RuntimeError as error:
            print(error)
            failed.append(engine)
    if failed:
        sys.exit("failed: %s" % ", ".join(failed))


if __name__ == "__main__":
    main()
