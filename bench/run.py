"""Run every benchmark in bench/ one after another (each in its own process), then print the
figures of issue 16 in one table, each beside its target.

Usage: .venv/bin/python bench/run.py [name ...]
(names: guard, eager, tensorflow, theano, jax, cntk, memory, memory-cntk, r, discovery)
Each benchmark also runs alone (the command is printed before its output). The lines a
benchmark prints starting with SUMMARY (bench/summary.py) are gathered into the closing table
"what | ours | reference | ratio | target | met". Results are recorded by hand, with the date,
machine and load average, in bench/README.md.
"""

import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)

import summary  # noqa: E402

CNTK_PYTHON = os.path.join(ROOT, ".venv-cntk", "bin", "python")
BENCHMARKS = {
    "guard": [sys.executable, os.path.join(HERE, "guard.py")],
    "eager": [sys.executable, os.path.join(HERE, "eager_ops.py")],
    "tensorflow": [sys.executable, os.path.join(HERE, "bench_tensorflow.py")],
    "theano": [sys.executable, os.path.join(HERE, "bench_theano.py")],
    "jax": [sys.executable, os.path.join(HERE, "bench_jax.py")],
    "cntk": [CNTK_PYTHON, os.path.join(HERE, "bench_cntk.py")],
    "memory": [sys.executable, os.path.join(HERE, "memory.py")],
    "memory-cntk": [CNTK_PYTHON, os.path.join(HERE, "memory.py"), "cntk"],
    "r": [sys.executable, os.path.join(HERE, "r_backend.py")],
    "discovery": [sys.executable, os.path.join(HERE, "discovery.py")],
}


def run(name, command, figures):
    """Run one benchmark, passing its output through; returns whether it succeeded."""
    print("== %s: %s" % (name, " ".join(os.path.relpath(part, ROOT) for part in command)))
    sys.stdout.flush()
    environ = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", PYTHONUNBUFFERED="1")
    process = subprocess.Popen(
        command, cwd=ROOT, env=environ, stdout=subprocess.PIPE, universal_newlines=True
    )
    for line in process.stdout:
        figure = summary.parse(line)
        if figure is None:
            sys.stdout.write(line)
            sys.stdout.flush()
        else:
            figure["what"] = "%s: %s" % (name, figure["what"])
            figures.append(figure)
    return process.wait() == 0


def main(names):
    failures, figures = [], []
    started = time.time()
    loads = [summary.load_average()]
    for name in names or list(BENCHMARKS):
        command = BENCHMARKS[name]
        if not all(os.path.exists(part) for part in command if part.startswith("/")):
            print("== %s: not available (%s missing)" % (name, command[0]))
            continue
        if not run(name, command, figures):
            failures.append(name)
        loads.append(summary.load_average())
    print("\n== Issue 16: every figure beside its target (one run)\n")
    print(summary.table(figures))
    met = sum(1 for figure in figures if figure["met"])
    print(
        "\n%d of %d figures meet their target; %.0f s; load average (1, 5, 15 min) at the "
        "start and after each benchmark: %s" % (met, len(figures), time.time() - started, loads)
    )
    if failures:
        sys.exit("benchmarks that failed: %s" % ", ".join(failures))


if __name__ == "__main__":
    main(sys.argv[1:])
