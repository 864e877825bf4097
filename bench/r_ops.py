"""Driver of bench/r_ops.R: installs the working tree's R package into a private library (as
bench/r_backend.py does) and runs the R operator benchmark with this interpreter as KERAS_PYTHON.

Usage: .venv/bin/python bench/r_ops.py [calls]
The report it prints is recorded in bench/results/r-ops.md.
"""

import sys

from r_backend import run_r_benchmark

if __name__ == "__main__":
    sys.exit(run_r_benchmark("r_ops.R", sys.argv[1:]))
