"""Keras 2.3.1's own backend tests, run unchanged against kerasbridge on the engine in use.

Keras 2.3.1's tests/keras/backend/backend_test.py (fetched by scripts/setup.sh from Keras
2.3.1's source distribution into .cache/keras-2.3.1-tests) runs in a child pytest whose
``keras`` package is a stand-in (keras_shim/): ``keras.backend`` is kerasbridge's backend, and
every other module is Keras 2.3.1's own file. The tests compare the backend with Keras 2.3.1's
NumPy reference, read ``_keras_shape`` and ``int_shape``, and take the branches Keras 2.3.1
takes for the engine's name (``K.backend()``), so code written for Keras 2.3.1 on that engine
is what is checked.

Every test must pass, except the ones listed in divergences/keras_own.py with the reason
kerasbridge differs on purpose; a listed test that passes fails here too, until it is removed.
Python 3.6-compatible (the cntk session runs it).
"""

import os
import subprocess
import sys
import xml.etree.ElementTree as ElementTree

import pytest

from .conftest import current_engine
from .divergences.keras_own import expected_failures
from .oracle import KERAS_FOLDER, ROOT

TESTS_FOLDER = os.path.join(ROOT, ".cache", "keras-2.3.1-tests")
TEST_FILE = os.path.join(TESTS_FOLDER, "backend_test.py")
SHIM = os.path.join(os.path.dirname(os.path.abspath(__file__)), "keras_shim")
TIMEOUT_SECONDS = 1800


def _child_environ():
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [SHIM, KERAS_FOLDER, os.path.join(ROOT, "bridge")]
        + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    )
    env["KERASBRIDGE_KERAS_FOLDER"] = KERAS_FOLDER
    env["PYTHONNOUSERSITE"] = "1"
    return env


def _outcomes(report_path):
    """{test name: (outcome, message)} from the child's JUnit XML report."""
    outcomes = {}
    for case in ElementTree.parse(report_path).getroot().iter("testcase"):
        name = case.get("name")
        outcome, message = "passed", ""
        for tag in ("failure", "error", "skipped"):
            found = case.find(tag)
            if found is not None:
                outcome = "skipped" if tag == "skipped" else "failed"
                message = (found.get("message") or "").strip().splitlines()[:1]
                message = message[0] if message else ""
                break
        outcomes[name] = (outcome, message)
    return outcomes


@pytest.fixture(scope="module")
def child(tmp_path_factory):
    """({test name: (outcome, message)}, the child's output) of one run of the test file."""
    if not os.path.exists(TEST_FILE):
        pytest.skip(
            "Keras 2.3.1's backend tests are missing (%s): run `make setup`, which fetches "
            "them from Keras 2.3.1's source distribution" % TEST_FILE
        )
    if not os.path.exists(os.path.join(KERAS_FOLDER, "keras")):
        pytest.skip("Keras 2.3.1 is not installed in %s: run `make setup`" % KERAS_FOLDER)
    work = tmp_path_factory.mktemp("keras-own-tests")
    report = str(work / "report.xml")
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "kerasbridge_keras_plugin",
        "-p",
        "no:cacheprovider",
        "-W",
        "ignore",
        "--rootdir",
        str(work),
        "--junitxml",
        report,
        TEST_FILE,
    ]
    done = subprocess.run(
        command,
        cwd=str(work),
        env=_child_environ(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        timeout=TIMEOUT_SECONDS,
    )
    if not os.path.exists(report):
        pytest.fail(
            "Keras 2.3.1's backend tests did not run (exit %d):\n%s"
            % (done.returncode, done.stdout.decode("utf-8", "replace")[-4000:])
        )
    return _outcomes(report), done.stdout.decode("utf-8", "replace")


def test_keras_2_3_1_backend_tests_pass(child):
    outcomes, output = child
    engine = current_engine()
    expected = expected_failures(engine)
    failed = {name: message for name, (outcome, message) in outcomes.items() if outcome == "failed"}
    unexpected = sorted(set(failed) - set(expected))
    fixed = sorted(name for name in expected if outcomes.get(name, ("",))[0] == "passed")
    missing = sorted(name for name in expected if name not in outcomes)
    lines = ["%s: %s" % (name, failed[name]) for name in unexpected]
    lines += ["%s passes now: remove it from divergences/keras_own.py" % n for n in fixed]
    lines += ["%s is not a test of Keras 2.3.1's file: fix the list" % n for n in missing]
    ran = sum(1 for outcome, _ in outcomes.values() if outcome != "skipped")
    assert ran > 100, "only %d of Keras 2.3.1's backend tests ran on %s; the child said:\n%s" % (
        ran,
        engine,
        output[-3000:],
    )
    assert not lines, "Keras 2.3.1's own backend tests on %s:\n%s" % (engine, "\n".join(lines))
