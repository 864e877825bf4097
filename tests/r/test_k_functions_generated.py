"""Rpkg/R/k-functions.R is generated from the API spec by scripts/generate_k_functions.py: the
committed file must be what the generator writes today (one k_ function per spec function)."""

import re
import subprocess
import sys

from kerasbridge.api import SPEC

from .conftest import REPO_ROOT, RPKG

GENERATOR = REPO_ROOT / "scripts" / "generate_k_functions.py"


def test_k_functions_are_generated_from_the_current_spec():
    checked = subprocess.run(
        [sys.executable, str(GENERATOR), "--check"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        universal_newlines=True,
        timeout=120,
    )
    assert checked.returncode == 0, checked.stdout


def test_every_spec_function_has_an_exported_k_function():
    source = (RPKG / "R" / "k-functions.R").read_text()
    defined = set(re.findall(r"^k_(\w+) <- function\(", source, flags=re.MULTILINE))
    assert defined == set(SPEC)
    namespace = (RPKG / "NAMESPACE").read_text()
    exported = set(re.findall(r"^export\(k_(\w+)\)$", namespace, flags=re.MULTILINE))
    assert exported == set(SPEC), "run roxygen2::roxygenise('Rpkg')"
