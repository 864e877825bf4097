"""The project's own environments: .venv (3.11, TensorFlow, Theano, PyTensor; kerasbridge
editable) and .venv-cntk (3.6, cntk 2.7; kerasbridge through a .pth file). Also: the loader's
error names the interpreter that discovery found, read from its cache."""

import os
import subprocess

import pytest

from kerasbridge.discovery import discover

from ..conftest import BRIDGE, REPO_ROOT

pytestmark = [pytest.mark.discovery, pytest.mark.slow]

VENV = os.path.join(REPO_ROOT, ".venv", "bin", "python")
VENV_CNTK = os.path.join(REPO_ROOT, ".venv-cntk", "bin", "python")


def needs(path):
    if not os.path.exists(path):
        pytest.skip("%s is not built (make setup)" % path)
    return path


def active(world, cache_dir, python):
    return world.environ(
        KERASBRIDGE_CACHE_DIR=cache_dir, VIRTUAL_ENV=os.path.dirname(os.path.dirname(python))
    )


def test_cntk_venv_is_selected_for_cntk(world, cache_dir):
    result = discover(backend="cntk", environ=active(world, cache_dir, needs(VENV_CNTK)))
    chosen = result.selected_candidate
    assert result.selected == VENV_CNTK
    assert chosen.version == "3.6.15"
    assert chosen.packages["cntk"] == "2.7.post2"
    # kerasbridge there comes from a .pth file: no metadata, version read from its source
    assert chosen.packages["kerasbridge"] == "0.1.0"
    assert chosen.as_dict()["package_locations"]["kerasbridge"] == os.path.join(
        BRIDGE, "kerasbridge", "__init__.py"
    )


def test_main_venv_has_every_other_engine(world, cache_dir):
    result = discover(implementation="tensorflow", environ=active(world, cache_dir, needs(VENV)))
    assert result.selected == VENV
    packages = result.selected_candidate.packages
    assert packages["tensorflow"] == "2.21.0" and packages["tf_keras"] == "2.21.0"
    assert packages["theano"] == "1.0.5" and packages["pytensor"] == "2.30.3"
    assert packages["cntk"] is None
    assert packages["kerasbridge"] == "0.1.0"


def test_loader_error_names_the_cntk_interpreter_from_the_cache(world, cache_dir):
    """KERAS_BACKEND=cntk in Python 3.11: the error names .venv-cntk, found in the cache."""
    needs(VENV)
    environ = active(world, cache_dir, needs(VENV_CNTK))
    discover(backend="cntk", environ=environ)  # fills the cache
    environ.update(KERAS_BACKEND="cntk", PYTHONPATH=BRIDGE)
    del environ["VIRTUAL_ENV"]
    result = subprocess.run(
        [VENV, "-c", "from kerasbridge import backend"],
        env=environ,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        universal_newlines=True,
        timeout=60,
    )
    last = result.stderr.strip().splitlines()[-1]
    assert "needs CPython <= 3.6" in last
    assert last.endswith(
        "Interpreters that discovery found with it: %s (Python 3.6.15)." % VENV_CNTK
    )


def test_loader_error_without_a_cache_has_no_hint(world, cache_dir):
    environ = world.environ(
        KERASBRIDGE_CACHE_DIR=cache_dir, KERAS_BACKEND="cntk", PYTHONPATH=BRIDGE
    )
    result = subprocess.run(
        [needs(VENV), "-c", "from kerasbridge import backend"],
        env=environ,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        universal_newlines=True,
        timeout=60,
    )
    last = result.stderr.strip().splitlines()[-1]
    assert last.endswith("and point KERAS_PYTHON at it.")
    assert not os.path.exists(cache_dir)  # the error path never scans nor writes
