"""Run every benchmark in bench/ one after another (each in its own process) and print them.

Usage: .venv/bin/python bench/run.py [name ...]
(names: guard, tensorflow, theano, cntk, discovery, r)
Results are recorded by hand, with the date and machine, in bench/README.md.
"""

import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BENCHMARKS = {
    "guard": [sys.executable, os.path.join(HERE, "guard.py")],
    "tensorflow": [sys.executable, os.path.join(HERE, "bench_tensorflow.py")],
    "theano": [sys.executable, os.path.join(HERE, "bench_theano.py")],
    "cntk": [
        os.path.join(ROOT, ".venv-cntk", "bin", "python"),
        os.path.join(HERE, "bench_cntk.py"),
    ],
    "discovery": [sys.executable, os.path.join(HERE, "discovery.py")],
    "r": [sys.executable, os.path.join(HERE, "r_backend.py")],
}


def main(names):
    failures = []
    for name in names or list(BENCHMARKS):
        command = BENCHMARKS[name]
        if not all(os.path.exists(part) for part in command):
            print("== %s: not available (%s missing)" % (name, command[-1]))
            continue
        print("== %s" % name, flush=True)
        if subprocess.call(command, cwd=ROOT, env=dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2")):
            failures.append(name)
    if failures:
        sys.exit("benchmarks that failed: %s" % ", ".join(failures))


if __name__ == "__main__":
    main(sys.argv[1:])
