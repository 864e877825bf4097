"""discover() on real interpreters: selection per (implementation, backend), the reasons of the
others, KERAS_PYTHON, and a scan that survives every kind of broken candidate."""

import os
import time

import pytest

from kerasbridge.discovery import discover
from kerasbridge.errors import ConfigError, DiscoveryError

from .conftest import VERSIONS, by_path, write_script

pytestmark = [pytest.mark.discovery, pytest.mark.slow]


@pytest.fixture
def environ(world, cache_dir):
    """Active venv, conda env, WORKON_HOME and a PATH entry, each from a different source."""
    return world.environ(
        KERASBRIDGE_CACHE_DIR=cache_dir,
        VIRTUAL_ENV=os.path.dirname(os.path.dirname(world.active)),
        CONDA_PREFIX=os.path.dirname(os.path.dirname(world.conda)),
        WORKON_HOME=world.workon,
        PATH=os.path.dirname(world.odd),
    )


def test_tensorflow_selects_the_active_venv(world, environ):
    result = discover(backend="tensorflow", environ=environ)
    assert result.selected == world.active
    assert result.selected_candidate.source == "VIRTUAL_ENV"
    assert result.reason.startswith(
        "first candidate in discovery order that fits (found via "
        "VIRTUAL_ENV): %s fits" % world.active
    )
    candidates = by_path(result)
    assert candidates[world.tf311].verdict == "usable"
    assert candidates[world.cntk36].reason == "no tensorflow"
    assert candidates[world.pytensor38].reason == "no kerasbridge, no tensorflow"


def test_cntk_needs_python_36(world, environ):
    result = discover(backend="cntk", environ=environ)
    assert result.selected == world.cntk36
    assert by_path(result)[world.cntk311].reason == (
        "Python 3.11 cannot run cntk 2.7.post2 (it needs CPython <= 3.6)"
    )
    assert by_path(result)[world.cntk311].packages["cntk"] == "2.7.post2"


def test_theano_accepts_pytensor_and_finds_the_conda_env(world, environ):
    result = discover(backend="theano", environ=environ)
    assert result.selected == world.conda
    chosen = result.selected_candidate
    assert (chosen.kind, chosen.source, chosen.version) == ("conda", "CONDA_PREFIX", "3.9.18")
    assert chosen.as_dict()["prefix"] == os.path.dirname(os.path.dirname(world.conda))
    assert by_path(result)[world.theano313].verdict == "usable"
    assert by_path(result)[world.active].reason == "no theano or pytensor"


def test_tensorflow_implementation_needs_tf_keras_too(world, environ):
    result = discover(implementation="tensorflow", environ=environ)
    assert result.selected == world.active
    assert by_path(result)[world.tf311].reason == "no tf_keras"


def test_settings_come_from_the_given_environment(world, environ):
    result = discover(environ=dict(environ, KERAS_BACKEND="cntk"))
    assert (result.backend, result.selected) == ("cntk", world.cntk36)
    assert result.details["settings"]["backend"] == "env:KERAS_BACKEND"


def test_implementation_tensorflow_with_cntk_is_a_config_error(environ):
    with pytest.raises(ConfigError, match='supports only the "tensorflow" backend'):
        discover(implementation="tensorflow", backend="cntk", environ=environ)


def test_path_with_spaces_and_non_ascii(world, environ):
    candidate = by_path(discover(environ=environ))[world.odd + "3"]
    assert (candidate.source, candidate.kind, candidate.version) == ("PATH", "venv", "3.10.13")
    assert candidate.packages["tensorflow"] == "2.20.0"
    assert "\u00fcn\u00efc\u00f8d\u00e9" in candidate.as_dict()["prefix"]


def test_python_27_is_listed_and_rejected(world, cache_dir):
    result = discover(
        environ=world.environ(KERASBRIDGE_CACHE_DIR=cache_dir, PYENV_ROOT=os.path.dirname(VERSIONS))
    )
    old = [c for c in result.candidates if c.version == "2.7.18"]
    assert len(old) == 1 and old[0].kind == "pyenv"
    assert old[0].reason == "Python 2.7 cannot run kerasbridge (it needs Python >= 3.6)"


def test_nothing_fits_says_why(world, cache_dir):
    result = discover(
        backend="cntk",
        environ=world.environ(
            KERASBRIDGE_CACHE_DIR=cache_dir,
            VIRTUAL_ENV=os.path.dirname(os.path.dirname(world.tf311)),
        ),
    )
    assert result.selected is None
    assert result.reason.startswith(
        'none of the %d candidates fits implementation "keras", backend "cntk" (kerasbridge '
        'and cntk): "Python > 3.6 cannot run cntk 2.7.post2"' % len(result.candidates)
    )
    assert result.as_dict()["selected"] is None


# --- KERAS_PYTHON ----------------------------------------------------------------------------


def test_keras_python_forces_its_interpreter(world, environ):
    result = discover(environ=dict(environ, KERAS_PYTHON=world.tf311))
    assert result.selected == world.tf311
    assert result.selected_candidate.reason == "forced by KERAS_PYTHON"
    assert by_path(result)[world.active].reason == "fits, but KERAS_PYTHON forces %s" % world.tf311


def test_keras_python_may_name_an_environment_folder(world, environ):
    folder = os.path.dirname(os.path.dirname(world.cntk36))
    result = discover(backend="cntk", environ=dict(environ, KERAS_PYTHON=folder))
    assert result.selected == world.cntk36


def test_keras_python_that_does_not_fit_selects_nothing(world, environ):
    result = discover(backend="theano", environ=dict(environ, KERAS_PYTHON=world.tf311))
    assert result.selected is None
    assert result.reason == (
        'KERAS_PYTHON=%s does not fit implementation "keras", backend "theano" (kerasbridge and '
        "theano or pytensor): no theano or pytensor. Install what is missing into it, point "
        "KERAS_PYTHON at an interpreter that fits, or unset it to let discovery choose (2 other "
        "candidates fit)." % world.tf311
    )
    assert by_path(result)[world.tf311].verdict == "rejected"
    assert by_path(result)[world.theano313].verdict == "usable"


def test_keras_python_pointing_nowhere_is_an_error(environ, tmp_path):
    missing = str(tmp_path / "no" / "python")
    with pytest.raises(DiscoveryError) as caught:
        discover(environ=dict(environ, KERAS_PYTHON=missing))
    assert str(caught.value).startswith(
        "KERAS_PYTHON is %s, which does not exist. Expected "
        "the path of a Python executable" % missing
    )


def test_keras_python_at_a_non_interpreter_is_an_error(environ, tmp_path):
    fake = write_script(str(tmp_path / "python"), "#!/bin/sh\necho I am not Python\n")
    with pytest.raises(DiscoveryError) as caught:
        discover(environ=dict(environ, KERAS_PYTHON=fake))
    assert str(caught.value).startswith(
        "KERAS_PYTHON is %s, which is not a working Python interpreter: printed no probe "
        'result: not a Python interpreter: "I am not Python".' % fake
    )


def test_keras_python_folder_without_python_is_an_error(environ, tmp_path):
    with pytest.raises(DiscoveryError, match="which has no bin/python"):
        discover(environ=dict(environ, KERAS_PYTHON=str(tmp_path)))


# --- a scan through broken candidates ------------------------------------------------------

FAULTS = {
    "hang": ("#!/bin/sh\nexec /bin/sleep 60\n", 0o755, "probe timed out after 1.5 s"),
    "crash": ("#!/bin/sh\nkill -ABRT $$\n", 0o755, "crashed (SIGABRT)"),
    "garbage": (
        "#!/bin/sh\nprintf '\\377\\376garbage'\n",
        0o755,
        'printed no probe result: not a Python interpreter: "\ufffd\ufffdgarbage"',
    ),
    "megabytes": ("#!/bin/sh\nexec /usr/bin/yes\n", 0o755, "printed more than 1 MB; stopped it"),
    "not-executable": ("#!/bin/sh\n", 0o644, "not executable (no execute permission)"),
}


@pytest.fixture
def broken_workon(world, tmp_path):
    """WORKON_HOME with one good venv among broken ones."""
    workon = tmp_path / "workon"
    for name, (script, mode, _) in FAULTS.items():
        write_script(str(workon / name / "bin" / "python"), script, mode)
    (workon / "broken-link" / "bin").mkdir(parents=True)
    os.symlink("/gone/python3", str(workon / "broken-link" / "bin" / "python"))
    (workon / "loop" / "bin").mkdir(parents=True)
    os.symlink("python3", str(workon / "loop" / "bin" / "python"))
    os.symlink("python", str(workon / "loop" / "bin" / "python3"))
    os.symlink(os.path.dirname(os.path.dirname(world.tf311)), str(workon / "zz-good"))
    return workon


def test_scan_completes_through_broken_candidates(world, broken_workon, cache_dir):
    started = time.monotonic()
    result = discover(
        environ=world.environ(KERASBRIDGE_CACHE_DIR=cache_dir, WORKON_HOME=str(broken_workon)),
        timeout=1.5,
    )
    assert time.monotonic() - started < 6
    reasons = {
        os.path.basename(os.path.dirname(os.path.dirname(c.path))): c.reason
        for c in result.candidates
        if c.source == "WORKON_HOME"
    }
    expected = {name: reason for name, (_, _, reason) in FAULTS.items()}
    expected.update(
        {
            "broken-link": "broken symbolic link (to /gone/python3, which does not exist)",
            "loop": "symbolic link loop",
            "zz-good": "first candidate in discovery order that fits (found via WORKON_HOME)",
        }
    )
    assert reasons == expected
    assert result.selected == str(broken_workon / "zz-good" / "bin" / "python")
