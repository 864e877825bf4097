"""Driver of bench/r_backend.R: installs the working tree's R package into a private library
(never a shared one) and runs the R benchmark with this interpreter as KERAS_PYTHON.

Usage: .venv/bin/python bench/r_backend.py [runs] [calls]
The report it prints is recorded in bench/results/r.md.
"""

import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def install(library):
    source = os.path.join(library, "source", "Rpkg")
    shutil.copytree(
        os.path.join(ROOT, "Rpkg"),
        source,
        ignore=lambda folder, names: {"python"} if folder.endswith("inst") else set(),
    )
    environ = dict(os.environ, KERASBRIDGE_SOURCE_ROOT=ROOT)
    subprocess.run(
        ["R", "CMD", "INSTALL", "--no-test-load", "-l", library, source],
        check=True,
        env=environ,
        stdout=subprocess.DEVNULL,
    )


def run_r_benchmark(script, arguments):
    """Install the working tree's R package into a private library, then run bench/<script>
    with Rscript and this interpreter as KERAS_PYTHON."""
    if shutil.which("Rscript") is None:
        sys.exit("Rscript not found: the R benchmark needs R (the setup installs it)")
    with tempfile.TemporaryDirectory(prefix="kerasbridge-rbench-") as library:
        install(library)
        environ = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("KERAS_", "RETICULATE_"))
        }
        environ.update(
            R_LIBS=library,
            KERAS_PYTHON=sys.executable,
            TF_CPP_MIN_LOG_LEVEL="3",
            KERAS_HOME=os.path.join(library, "keras-home"),
        )
        return subprocess.call(
            ["Rscript", os.path.join(HERE, script)] + arguments, cwd=library, env=environ
        )


def main(arguments):
    return run_r_benchmark("r_backend.R", arguments)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
