"""Fixtures shared by every test folder. Python 3.6-compatible: the core tests run there too."""

import os
import subprocess
import sys

import pytest

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BRIDGE = os.path.join(REPO_ROOT, "bridge")


def clean_environ(home, **extra):
    """An environment for a child Python: no KERAS_* or PYTHON* variables, HOME at ``home``.

    No LD_LIBRARY_PATH either: importing rpy2 (the R tests do, at collection) sets it to R's
    library folders, which hold Debian's libpython3.11; a pyenv CPython 3.11 started with it
    loads that older libpython, and its _ssl module then fails to import (TensorFlow prints the
    traceback to stdout)."""
    environ = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("KERAS_", "PYTHON")) and key != "LD_LIBRARY_PATH"
    }
    environ.update(HOME=str(home), PYTHONPATH=BRIDGE, PYTHONDONTWRITEBYTECODE="1")
    environ.update({key: str(value) for key, value in extra.items()})
    return environ


def run_python(code, environ, python=None, timeout=120, **kwargs):
    """Run ``code`` in a fresh interpreter; returns the CompletedProcess (text mode)."""
    return subprocess.run(
        [python or sys.executable, "-c", code],
        env=environ,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        universal_newlines=True,
        timeout=timeout,
        **kwargs,
    )


@pytest.fixture
def home(tmp_path):
    """An empty home folder."""
    folder = tmp_path / "home"
    folder.mkdir()
    return folder
