"""Fixtures for the R package's tests: a private R library with the working tree's package.

The package is installed from a copy of Rpkg/ (its configure step bundles bridge/kerasbridge
from the repository, named by KERASBRIDGE_SOURCE_ROOT), so tests never write into the tree
nor into a shared R library. Everything that starts Python through reticulate runs in Rscript
subprocesses: reticulate 1.28 inside rpy2 aborts the process.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
RPKG = REPO_ROOT / "Rpkg"
RSCRIPT = shutil.which("Rscript")
R = shutil.which("R")
CNTK_PYTHON = REPO_ROOT / ".venv-cntk" / "bin" / "python"


def require_r():
    if RSCRIPT is None or R is None:
        pytest.skip("R is not installed (the setup installs Debian's r-base-core)")


def copy_package(target: Path) -> Path:
    """A copy of Rpkg/ without generated files (bundled Python, check folders, tarballs)."""

    def ignore(folder, names):
        generated = {name for name in names if name.endswith((".Rcheck", ".tar.gz"))}
        if Path(folder).name == "inst":
            generated.add("python")
        return generated

    destination = target / "Rpkg"
    shutil.copytree(str(RPKG), str(destination), ignore=ignore)
    return destination


def r_environ(**extra) -> dict:
    """The environment of an R subprocess: no kerasbridge or reticulate choices inherited."""
    environ = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(
            ("KERAS_", "RETICULATE_", "R_LIBS", "KERASBRIDGE_TEST_", "VIRTUAL_ENV", "NOT_CRAN")
        )
    }
    environ.update(KERASBRIDGE_SOURCE_ROOT=str(REPO_ROOT))
    environ.update({key: str(value) for key, value in extra.items()})
    return environ


def run(command, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(part) for part in command],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        universal_newlines=True,
        **kwargs,
    )


@pytest.fixture(scope="session")
def r_library(tmp_path_factory) -> Path:
    """An R library holding the working tree's kerasbridge R package."""
    require_r()
    root = tmp_path_factory.mktemp("rpkg")
    library = root / "library"
    library.mkdir()
    installed = run(
        [R, "CMD", "INSTALL", "-l", library, copy_package(root)], env=r_environ(), timeout=600
    )
    assert installed.returncode == 0, installed.stdout
    return library


@pytest.fixture(scope="session")
def r_test_environ(r_library) -> dict:
    """For R code using the installed package; the interpreters tests may start."""
    extra = {"R_LIBS": r_library, "NOT_CRAN": "true", "KERASBRIDGE_TEST_PYTHON": sys.executable}
    if CNTK_PYTHON.exists():
        extra["KERASBRIDGE_TEST_CNTK_PYTHON"] = CNTK_PYTHON
    return r_environ(**extra)
