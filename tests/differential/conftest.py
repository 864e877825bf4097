"""The differential suite: kerasbridge against Keras 2.3.1's own backends as the oracle.

Same conventions as tests/conformance: the engine under test is the one the settings select
(KERAS_BACKEND, KERAS_IMPLEMENTATION, KERASBRIDGE_THEANO_LIBRARY), one engine per session.

The oracle is the same for every engine (tensorflow, tf_keras, theano, pytensor, cntk): Keras
2.3.1's theano_backend, run on Theano 1.0.5 in .venv (Keras 2.3.1's TensorFlow backend cannot run
on TensorFlow 2.21), and for the cases it raises on, Keras 2.3.1's cntk_backend, run on CNTK 2.7
in .venv-cntk. Where both answer and differ, the theano_backend's answer is the reference: the
cntk_backend's departures (comparisons returning float32, keepdims dropped with axis=None, tile
ignoring the batch axis, in_top_k's shape, print_tensor printing only the message) are bugs of
that backend, and kerasbridge gives one semantics on every engine, CNTK included. The report
says, per case, which backend answered and whether the two agreed ("both").

The oracle's answers are computed once per machine in a child process and cached (oracle.py).
A case the oracle itself cannot run (Keras 2.3.1 raises) is skipped, naming the oracle's error.

Known divergences live in ``divergences/<engine>.py`` as ``DIVERGENCES = {test id: reason}``
and are applied as strict xfails: a divergence that gets fixed fails until it is removed.
Keras 2.3.1's Theano backend convolves (flips kernels) where kerasbridge correlates on every
engine: the Theano oracle is fed the flipped kernels (cases.py, ``kernels``), as Keras 2.3.1's
own tests do with ``convert_kernel``; that difference is listed in the engine reference.

With ``KERASBRIDGE_CONFORMANCE_REPORT=<folder>`` (scripts/test.sh sets it) the session writes
``<folder>/differential-<engine>.json``: each case's function, outcome and reason, from which
docs/reference.py builds the "matches Keras 2.3.1" column.
"""

import importlib
import json
import os

import pytest

from . import oracle as oracle_module

REPORT_VARIABLE = "KERASBRIDGE_CONFORMANCE_REPORT"
_OUTCOMES = {}
ANSWERED_BY = {}  # case id -> "theano", "cntk" or "both" (filled by the test)


def current_engine():
    import kerasbridge

    loaded = kerasbridge.settings.current()
    if loaded.implementation != "keras":
        return "tf_keras"
    if loaded.backend == "theano":
        from kerasbridge.engines.theano._library import requested_library

        library = requested_library()
        if library is None:
            from kerasbridge.engines.theano import LIBRARY as library
        return library
    return loaded.backend


@pytest.fixture(scope="session")
def K():
    from kerasbridge import backend

    return backend


@pytest.fixture(scope="session")
def engine():
    return current_engine()


@pytest.fixture(scope="session")
def reference():
    try:
        return oracle_module.reference()
    except oracle_module.OracleUnavailable as error:
        pytest.skip("no Keras 2.3.1 oracle: %s" % error)


def divergences(engine):
    try:
        module = importlib.import_module(".divergences.%s" % engine, __package__)
    except ImportError as error:
        if error.name != "%s.divergences.%s" % (__package__, engine):
            raise  # a broken divergences file must fail loudly
        return {}
    return getattr(module, "DIVERGENCES", {})


def _test_id(item):
    return item.nodeid.split("differential/", 1)[-1]


def pytest_collection_modifyitems(config, items):
    known = divergences(current_engine())
    for item in items:
        reason = known.get(_test_id(item))
        if reason:
            item.add_marker(pytest.mark.xfail(reason=reason, strict=True))


def pytest_runtest_logreport(report):
    if "differential/" not in report.nodeid:
        return
    if report.when == "call" or report.outcome != "passed":
        if hasattr(report, "wasxfail"):
            outcome = "xfailed" if report.skipped else "failed"
            reason = report.wasxfail
        elif report.skipped:
            outcome = "skipped"
            longrepr = report.longrepr
            reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
        else:
            outcome, reason = report.outcome, None
        if report.failed:
            outcome = "failed"
        previous = _OUTCOMES.get(report.nodeid)
        if previous is None or previous[0] == "passed":
            _OUTCOMES[report.nodeid] = (outcome, reason)


def pytest_sessionfinish(session, exitstatus):
    folder = os.environ.get(REPORT_VARIABLE, "").strip()
    if not folder or not _OUTCOMES:
        return
    from .cases import CASES

    function_of = {case.id: case.function for case in CASES}
    engine = current_engine()
    cases = {}
    for nodeid, (outcome, reason) in sorted(_OUTCOMES.items()):
        case_id = nodeid.rsplit("[", 1)[-1].rstrip("]") if "[" in nodeid else nodeid
        cases[case_id] = {
            "function": function_of.get(case_id),
            "outcome": outcome,
            "reason": reason,
            "oracle": ANSWERED_BY.get(case_id),
        }
    report = {
        "format": 1,
        "engine": engine,
        "oracle": "Keras %s (theano_backend, else cntk_backend)" % oracle_module.KERAS_VERSION,
        "cases": cases,
    }
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, "differential-%s.json" % engine)
    with open(path + ".tmp", "w") as handle:
        json.dump(report, handle, indent=1, sort_keys=True)
    os.replace(path + ".tmp", path)
