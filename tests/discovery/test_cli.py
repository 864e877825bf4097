"""`python -m kerasbridge envs [--json]` and `doctor`, run as the R side runs them."""

import json
import os
import select
import subprocess
import sys

import pytest

from kerasbridge.discovery.cli import Progress
from kerasbridge.engines import probe_packages

from ..conftest import BRIDGE, REPO_ROOT

pytestmark = [pytest.mark.discovery, pytest.mark.slow]

CONTRACT_TOP = {"schema", "implementation", "backend", "selected", "reason", "candidates"}
CONTRACT_CANDIDATE = {
    "path",
    "realpath",
    "source",
    "kind",
    "version",
    "implementation_name",
    "architecture",
    "prefix",
    "shared_library",
    "packages",
    "verdict",
    "reason",
}


def cli(world, cache_dir, *arguments, **environ):
    settings = {
        "KERASBRIDGE_CACHE_DIR": cache_dir,
        "PYTHONPATH": BRIDGE,
        "WORKON_HOME": world.workon,
    }
    settings.update(environ)
    environ = world.environ(**settings)
    return subprocess.run(
        [sys.executable, "-m", "kerasbridge"] + list(arguments),
        env=environ,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        universal_newlines=True,
        timeout=120,
    )


def test_envs_json_is_the_contract(world, cache_dir):
    result = cli(world, cache_dir, "envs", "--json", "--backend", "cntk")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # no progress when stderr is not a terminal
    payload = json.loads(result.stdout)
    assert CONTRACT_TOP <= set(payload)
    assert (payload["schema"], payload["implementation"], payload["backend"]) == (
        1,
        "keras",
        "cntk",
    )
    assert payload["selected"] == world.cntk36
    for candidate in payload["candidates"]:
        assert CONTRACT_CANDIDATE <= set(candidate)
        assert set(candidate["packages"]) == set(probe_packages())  # every engine's libraries
        assert candidate["verdict"] in ("selected", "usable", "rejected")
        assert candidate["kind"] in ("venv", "conda", "pyenv", "system")
    chosen = [c for c in payload["candidates"] if c["verdict"] == "selected"]
    assert [c["path"] for c in chosen] == [world.cntk36]
    assert chosen[0]["packages"]["cntk"] == "2.7.post2"
    assert chosen[0]["shared_library"] is True


def test_envs_table(world, cache_dir):
    result = cli(world, cache_dir, "envs", "--implementation", "tensorflow")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == (
        'implementation "tensorflow", backend "tensorflow": needs kerasbridge, '
        "tensorflow and tf_keras"
    )
    assert lines[3].split() == ["VERDICT", "KIND", "PYTHON", "SOURCE", "PATH"]
    assert lines[4].split() == ["rejected", "venv", "3.11.7", "WORKON_HOME", world.tf311]
    assert lines[5].strip() == "kerasbridge 0.1.0, tensorflow 2.21.0"
    assert lines[6].strip() == "-> no tf_keras"
    assert lines[-2] == "selected: none"


def test_doctor_explains_a_selection(world, cache_dir):
    result = cli(world, cache_dir, "doctor", KERAS_BACKEND="theano")
    assert result.returncode == 0, result.stderr
    assert "  backend         theano  (env:KERAS_BACKEND)" in result.stdout
    assert "Selected: %s" % world.theano313 in result.stdout
    assert "Why: first candidate in discovery order that fits (found via WORKON_HOME)" in (
        result.stdout
    )


def test_doctor_says_what_to_do_when_nothing_fits(world, cache_dir, tmp_path):
    workon = tmp_path / "workon"
    os.makedirs(str(workon))
    os.symlink(os.path.dirname(os.path.dirname(world.tf311)), str(workon / "tf"))
    result = cli(world, cache_dir, "doctor", "--backend", "theano", WORKON_HOME=str(workon))
    assert result.returncode == 1
    tf = str(workon / "tf" / "bin" / "python")
    assert "Nothing fits: none of the" in result.stdout
    assert "  %s (Python 3.11.7): no theano or pytensor\n" % tf in result.stdout
    assert '      %s -m pip install "pytensor==2.30.3"\n' % tf in result.stdout
    assert "Or create an environment for it:" in result.stdout  # /usr/bin/python3 can


def test_keras_python_nowhere_exits_2_with_the_message(world, cache_dir, tmp_path):
    result = cli(world, cache_dir, "envs", KERAS_PYTHON=str(tmp_path / "nope"))
    assert result.returncode == 2
    assert result.stderr.startswith(
        "kerasbridge: error: KERAS_PYTHON is %s, which does not exist." % (tmp_path / "nope")
    )


def test_progress_only_on_a_terminal_and_after_a_moment():
    leader, follower = os.openpty()
    with os.fdopen(follower, "w") as terminal:
        progress = Progress(terminal)
        progress(1, 10)  # too early
        assert not progress.shown
        progress.started -= Progress.DELAY
        progress(2, 10)
        progress.finish()
    shown = b""
    while select.select([leader], [], [], 0.5)[0]:  # a terminal may hand it over in pieces
        try:
            shown += os.read(leader, 1000)
        except OSError:  # EIO: the other end is closed and everything was read
            break
    os.close(leader)
    shown = shown.decode()
    assert shown == "\rkerasbridge: probing interpreters 2/10\r\x1b[K"


def test_no_progress_when_not_a_terminal(tmp_path):
    with open(str(tmp_path / "log"), "w") as stream:
        progress = Progress(stream)
        progress.started -= Progress.DELAY
        progress(1, 2)
        progress.finish()
    assert (tmp_path / "log").read_text() == ""


def _documented_fields(heading):
    """Backquoted names in the first column of the table under a heading of the contract."""
    with open(os.path.join(REPO_ROOT, "docs", "discovery-json.md"), encoding="utf-8") as handle:
        text = handle.read()
    section = text.split("\n## %s\n" % heading, 1)[1].split("\n## ", 1)[0]
    section = section.split("\n### ", 1)[0]
    return {line.split("`")[1] for line in section.splitlines() if line.startswith("| `")}


def test_the_documented_contract_matches_the_output(world, cache_dir):
    payload = json.loads(cli(world, cache_dir, "envs", "--json").stdout)
    assert _documented_fields("Top level") == set(payload)
    assert _documented_fields("Candidate") == set(payload["candidates"][0])
