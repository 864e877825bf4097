"""``pip install "kerasbridge[pytensor]"`` into a fresh numpy-2 virtualenv, then the README's
Python example there on the theano engine with PyTensor.

A real install, as a Python user makes one: pip builds a wheel from the project's sources and
installs it, with no editable link back to the clone. The sources are copied first (what a source
distribution holds), so that setuptools' build folders never land in the shared clone. The
interpreter is pyenv's CPython 3.12, the modern environment's; pip resolves the extra within
requirements/modern.txt's pins (``-c``), so it installs from pip's cache on a machine whose setup
built .venv-modern.
"""

import os
import re
import shutil
import subprocess

import numpy as np
import pytest

from ..conftest import REPO_ROOT
from ..discovery.conftest import pyenv_python

pytestmark = pytest.mark.slow

MODERN_PYTHON = "3.12.1"
CONSTRAINTS = os.path.join(REPO_ROOT, "requirements", "modern.txt")


def readme_python_example():
    """The code of README.md's "Quick start: Python" block, and the error its comments show."""
    with open(os.path.join(REPO_ROOT, "README.md"), encoding="utf-8") as handle:
        readme = handle.read()
    found = re.search(r"## Quick start: Python\s+```python\n(.*?)```", readme, re.S)
    assert found, "README.md has no ```python block under '## Quick start: Python'"
    lines = found.group(1).splitlines()
    code = "\n".join(line for line in lines if not line.startswith("#"))
    error = " ".join(line[2:] for line in lines if line.startswith("# "))
    return code, error


def copy_project(target):
    os.makedirs(target)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(os.path.join(REPO_ROOT, name), target)
    shutil.copytree(
        os.path.join(REPO_ROOT, "bridge"),
        os.path.join(target, "bridge"),
        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"),
    )


def run(command, environ, cwd, timeout):
    return subprocess.run(
        command,
        env=environ,
        cwd=str(cwd),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        universal_newlines=True,
        timeout=timeout,
    )


@pytest.fixture(scope="module")
def pytensor_venv(tmp_path_factory):
    """A fresh venv from CPython 3.12 with kerasbridge[pytensor] installed by pip."""
    python = pyenv_python(MODERN_PYTHON)
    root = tmp_path_factory.mktemp("extras")
    project, env = str(root / "kerasbridge-src"), str(root / "venv")
    copy_project(project)
    subprocess.run([python, "-m", "venv", env], check=True, timeout=120)
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("KERAS", "PYTHON"))}
    environ["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    env_python = os.path.join(env, "bin", "python")
    command = [env_python, "-m", "pip", "install", "-q", "-c", CONSTRAINTS, project + "[pytensor]"]
    installed = run(command, environ, root, timeout=900)
    assert installed.returncode == 0, "pip install failed:\n" + installed.stderr[-3000:]
    return env_python, root


def test_the_extra_installs_kerasbridge_with_pytensor_3_on_numpy_2(pytensor_venv):
    python, root = pytensor_venv
    code = (
        "import kerasbridge, numpy, pytensor; "
        "print(kerasbridge.__file__); print(numpy.__version__); print(pytensor.__version__)"
    )
    result = run([python, "-c", code], {"PATH": os.environ["PATH"]}, root, timeout=120)
    assert result.returncode == 0, result.stderr
    location, numpy_version, pytensor_version = result.stdout.split()
    env = os.path.dirname(os.path.dirname(python))
    assert location.startswith(os.path.join(env, "lib")), "not installed in the venv: " + location
    assert int(numpy_version.split(".")[0]) >= 2, numpy_version
    assert pytensor_version.startswith("3."), pytensor_version


def test_the_readme_example_runs_there_on_pytensor(pytensor_venv, tmp_path):
    python, _ = pytensor_venv
    code, expected_error = readme_python_example()
    script = tmp_path / "readme_example.py"
    script.write_text(code)
    environ = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "KERAS_HOME": str(tmp_path / "keras-home"),
        "KERAS_BACKEND": "theano",
        "KERASBRIDGE_THEANO_LIBRARY": "pytensor",
    }
    if os.environ.get("KERASBRIDGE_CACHE_DIR"):  # the tests' compile cache: warm, fast
        environ["KERASBRIDGE_CACHE_DIR"] = os.environ["KERASBRIDGE_CACHE_DIR"]
    result = run([python, str(script)], environ, tmp_path, timeout=600)

    # The example prints [loss, gradient], then fails with the integer-typing error it shows.
    assert result.returncode == 1, result.stdout + result.stderr
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.endswith(expected_error), result.stderr[-2000:]
    printed = eval(result.stdout.strip(), {"array": np.array, "float32": np.float32})
    x = np.array([[1.0, 0.0, 0.0]])
    w = np.array([[1.0], [2.0], [3.0]])
    prediction = x @ w
    loss = np.mean(prediction**2)
    gradient = x.T @ (2 * prediction / prediction.size)
    assert len(printed) == 2
    np.testing.assert_allclose(printed[0], loss, rtol=1e-6)
    np.testing.assert_allclose(printed[1], gradient, rtol=1e-6)
    assert printed[1].dtype == np.float32
