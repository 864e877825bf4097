"""Driver of bench/r_ops.R: installs the working tree's R package into a private library (as
bench/r_backend.py does) and runs the R operator benchmark with this interpreter as KERAS_PYTHON.

Usage: .venv/bin/python bench/r_ops.py [calls]
The report it prints is recorded in bench/results/r-ops.md.
"""

import os
import shutil
import subprocess
import sys
import tempfile

from r_backend import install

HERE = os.path.dirname(os.path.abspath(__file__))


def main(arguments):
    if shutil.which("Rscript") is None:
        sys.exit("Rscript not found: the R benchmark needs R (the setup installs it)")
    with tempfile.TemporaryDirectory(prefix="kerasbridge-rbench-") as library:
        install(library)
        environ = {key: value for key, value in os.environ.items()
                   if not key.startswith(("KERAS_", "RETICULATE_"))}
        environ.update(R_LIBS=library, KERAS_PYTHON=sys.executable, TF_CPP_MIN_LOG_LEVEL="3",
                       KERAS_HOME=os.path.join(library, "keras-home"))
        return subprocess.call(["Rscript", os.path.join(HERE, "r_ops.R")] + arguments,
                               cwd=library, env=environ)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
