"""The measurement of the conformance run (tests/conformance/measure.py) and the join that
turns it into the engine reference (docs/reference.py). Fast: no engine, no R."""

import importlib.util
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from kerasbridge.api import SPEC
from tests.conformance import measure

REPO_ROOT = Path(__file__).resolve().parents[2]


def load_generator():
    spec = importlib.util.spec_from_file_location(
        "docs_reference", REPO_ROOT / "docs" / "reference.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


reference = load_generator()


# --- measure.py ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "actual, desired, expected",
    [
        ([1.0, 2.0], [1.0, 2.5], 0.5),
        ([[1, 2]], [1, 2], 0.0),  # broadcast, integers
        ([np.nan, 1.0], [np.nan, 1.0], 0.0),  # NaNs in the same places agree
        ([np.inf, -1.0], [np.inf, -1.0], 0.0),
        ([True, False], [True, True], 1.0),
        ([1 + 1j], [1 + 2j], 1.0),
        ([], [], 0.0),
    ],
    ids=["floats", "broadcast", "nan", "inf", "bool", "complex", "empty"],
)
def test_max_abs_difference(actual, desired, expected):
    assert measure.max_abs_difference(actual, desired) == pytest.approx(expected)


@pytest.mark.parametrize(
    "actual, desired",
    [
        (["a"], ["a"]),
        ([1, 2, 3], [1, 2]),
        ({"a": 1}, {"a": 1}),
        ([np.inf], [1.0]),
    ],
    ids=["strings", "shapes", "dict", "infinite"],
)
def test_max_abs_difference_gives_up_quietly(actual, desired):
    assert measure.max_abs_difference(actual, desired) is None


def run_measured_suite(tmp_path, body):
    """Runs a one-file suite measured by measure.py's hooks; returns the written report."""
    suite = tmp_path / "suite"
    suite.mkdir()
    (suite / "conftest.py").write_text(
        textwrap.dedent(
            """
        import os, sys, types
        import numpy as np
        import pytest
        sys.path.insert(0, %r)
        from tests.conformance import measure

        measure.SUITE_FOLDER = os.path.dirname(os.path.abspath(__file__))
        MEASUREMENT = measure.from_environment()
        MEASUREMENT.patch_numpy()

        @pytest.fixture(scope="session")
        def K():
            backend = types.ModuleType("kerasbridge.backend")
            backend.abs = lambda x: np.abs(x)
            backend.sum = lambda x: np.sum(x)
            backend.constant = lambda x: np.asarray(x)
            return MEASUREMENT.instrument(backend)

        @pytest.hookimpl(hookwrapper=True)
        def pytest_runtest_protocol(item, nextitem):
            MEASUREMENT.start_test(item.nodeid)
            yield
            MEASUREMENT.end_test()

        def pytest_runtest_logreport(report):
            MEASUREMENT.outcome(report.nodeid, report)

        def pytest_sessionfinish(session):
            import json
            report = {k: dict(v, calls=sorted(v["calls"])) for k, v in MEASUREMENT.tests.items()}
            with open(os.path.join(MEASUREMENT.folder, "tests.json"), "w") as stream:
                json.dump(report, stream)
            MEASUREMENT.restore_numpy()
    """
            % str(REPO_ROOT)
        )
    )
    (suite / "test_suite.py").write_text(textwrap.dedent(body))
    folder = tmp_path / "reports"
    folder.mkdir()
    environ = {"KERASBRIDGE_CONFORMANCE_REPORT": str(folder), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(suite)],
        cwd=str(suite),
        env=environ,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        universal_newlines=True,
    )
    tests = json.loads((folder / "tests.json").read_text())
    return result, {nodeid.split("::", 1)[1]: record for nodeid, record in tests.items()}


def test_measurement_records_calls_and_successful_comparisons_only(tmp_path):
    result, tests = run_measured_suite(
        tmp_path,
        """
        import numpy as np
        import pytest

        def test_close(K):
            assert np.allclose(K.abs([-1.0, 2.0]), [1.0, 2.0000001])
            np.testing.assert_allclose(K.sum([1.0, 2.0]), 3.0)

        def test_deliberately_different(K):
            assert not np.allclose(K.abs([5.0]), [1.0])

        def test_failing(K):
            np.testing.assert_array_equal(K.abs([1.0]), [2.0])

        @pytest.mark.xfail(reason="known", strict=True)
        def test_known(K):
            assert np.array_equal(K.constant([1]), [2])

        def test_nothing(K):
            pass
    """,
    )
    assert "1 failed, 3 passed, 1 xfailed" in result.stdout, result.stdout
    assert tests["test_close"]["calls"] == ["abs", "sum"]
    assert tests["test_close"]["comparisons"] == 2
    assert tests["test_close"]["max_abs_error"] == pytest.approx(1e-7)
    assert tests["test_close"]["outcome"] == "passed"
    assert tests["test_deliberately_different"]["comparisons"] == 0
    assert tests["test_failing"]["outcome"] == "failed"
    assert tests["test_failing"]["comparisons"] == 0
    assert tests["test_known"]["outcome"] == "xfailed"
    assert tests["test_known"]["reason"] == "known"
    assert tests["test_nothing"]["calls"] == []


def test_instrumented_namespace_keeps_signatures_and_attributes():
    def placeholder(shape=None, ndim=None):
        return shape

    def unsupported():
        raise NotImplementedError

    unsupported.unsupported_reason = "no sessions here"
    backend = __import__("types").ModuleType("kerasbridge.backend")
    backend.placeholder, backend.get_session = placeholder, unsupported
    recorded = measure.Measurement("/nonexistent").instrument(backend)
    import inspect

    assert inspect.signature(recorded.placeholder) == inspect.signature(placeholder)
    assert recorded.get_session.unsupported_reason == "no sessions here"
    assert recorded.placeholder(shape=(2, 3)) == (2, 3)
    assert backend.placeholder is placeholder  # the real namespace is left alone


# --- docs/reference.py --------------------------------------------------------------------


def report(engine, tests, unsupported=None):
    return {
        "format": 1,
        "engine": engine,
        "implementation": "keras",
        "backend": engine,
        "libraries": {engine: "1.0"},
        "python": "3.11.7",
        "numpy": "1.26.4",
        "created": "2026-11-29T12:00:00Z",
        "spec": sorted(SPEC),
        "unsupported": unsupported or {},
        "tests": tests,
    }


def make_test(calls, outcome="passed", error=None, comparisons=1, reason=None):
    return {
        "calls": calls,
        "outcome": outcome,
        "max_abs_error": error,
        "comparisons": comparisons if error is not None else 0,
        "reason": reason,
    }


def test_credit_goes_to_subjects_not_carriers():
    assert reference.credited(["constant", "eval", "softmax"]) == {"softmax"}
    assert reference.credited(["variable", "eval"]) == {"variable", "eval"}
    assert reference.credited(["sqrt", "gradients", "function"]) == {"gradients"}


def test_join_per_function():
    reports = {
        "cntk": report(
            "cntk",
            {
                "a": make_test(["constant", "eval", "softmax"], error=2e-7),
                "b": make_test(["placeholder", "function", "softmax"], error=5e-7),
                "c": make_test(["constant", "eval"], error=0.0),
                "d": make_test(["sqrt", "gradients", "placeholder"], error=1e-3),
                "e": make_test(["tile", "variable"], outcome="failed"),
                "f": make_test(["relu", "variable"], outcome="xfailed", reason="relu differs"),
                "g": make_test(["int_shape", "variable"]),
            },
            unsupported={"get_session": "no sessions"},
        )
    }
    table = reference.build(reports)
    cells = {row["name"]: row["cells"]["cntk"] for row in table["functions"]}
    assert cells["softmax"]["status"] == "measured"
    assert cells["softmax"]["error"] == 5e-7 and cells["softmax"]["tests"] == 2
    assert cells["constant"]["error"] == 0.0  # only the carriers-only test c counts
    assert cells["sqrt"]["status"] == "checked"  # its gradient check credits gradients
    assert cells["gradients"]["error"] == 1e-3
    assert cells["tile"]["status"] == "failing"
    assert cells["variable"]["status"] != "failing"  # a carrier is not blamed
    assert cells["relu"]["status"] == "diverges"
    assert cells["get_session"]["status"] == "unsupported"
    assert cells["cast_to_floatx"]["status"] == "not exercised"
    notes = {note["number"]: note["text"] for note in table["notes"]}
    assert notes[cells["get_session"]["notes"][0]] == "no sessions"
    assert notes[cells["relu"]["notes"][0]] == "relu differs"
    assert all(row["cells"]["tensorflow"]["status"] == "no report" for row in table["functions"])
    summary = {engine["id"]: engine for engine in table["engines"]}
    assert summary["cntk"]["supported"] == len(SPEC) - 1
    assert summary["cntk"]["failed_tests"] == ["e"]
    assert summary["tensorflow"]["report"] is False


def test_command_line_writes_the_table_and_the_summary(tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "conformance-cntk.json").write_text(
        json.dumps(report("cntk", {"a": make_test(["abs", "constant"], error=1e-7)}))
    )
    output = tmp_path / "reference.json"
    script = str(REPO_ROOT / "docs" / "reference.py")
    subprocess.run(
        [sys.executable, script, "--reports", str(reports), "--output", str(output)],
        check=True,
        stdout=subprocess.PIPE,
    )
    table = json.loads(output.read_text())
    assert len(table["functions"]) == len(SPEC)
    summary = subprocess.run(
        [sys.executable, script, "--reports", str(reports), "--summary"],
        check=True,
        stdout=subprocess.PIPE,
        universal_newlines=True,
    ).stdout
    assert "| CNTK | cntk 1.0 | 3.11.7 | %d of %d | 1 / 0 / 0 |" % (len(SPEC), len(SPEC)) in summary
    assert "| TensorFlow | (no conformance report) |" in summary


# --- the "matches Keras 2.3.1" table (differential reports) ---------------------------------


def differential_report(engine, cases):
    return {
        "format": 1,
        "engine": engine,
        "oracle": "Keras 2.3.1 (theano_backend, else cntk_backend)",
        "cases": cases,
    }


def make_case(function, outcome="passed", reason=None):
    return {"function": function, "outcome": outcome, "reason": reason, "oracle": "both"}


def test_parity_join_per_function():
    parity = differential_report(
        "theano",
        {
            "abs-2d": make_case("abs"),
            "conv2d-valid": make_case("conv2d"),
            "conv2d-same_strides2": make_case("conv2d", "xfailed", "'same' pads differently"),
            "pool2d-max_same": make_case("pool2d", "xfailed", "'same' pads differently"),
            "tile-2d": make_case("tile", "failed"),
            "ctc_decode-greedy": make_case("ctc_decode", "skipped", "Keras 2.3.1 cannot"),
        },
    )
    table = reference.build({}, {"theano": parity})
    rows = {row["name"]: row["keras_2_3_1"] for row in table["functions"]}
    assert rows["abs"]["theano"]["status"] == "matches"
    assert rows["abs"]["theano"]["cases"] == 1
    assert rows["conv2d"]["theano"]["status"] == "differs"
    assert (rows["conv2d"]["theano"]["cases"], rows["conv2d"]["theano"]["divergent"]) == (1, 1)
    assert rows["pool2d"]["theano"]["status"] == "differs"
    assert rows["tile"]["theano"]["status"] == "fails"
    assert rows["ctc_decode"]["theano"]["status"] == "no oracle"
    assert rows["sqrt"]["theano"]["status"] == "not compared"
    assert rows["abs"]["cntk"]["status"] == "no report"
    # One note per reason, naming its cases and engines.
    keras_notes = [note for note in table["notes"] if note["kind"] == "keras"]
    assert [note["text"] for note in keras_notes] == ["'same' pads differently"]
    assert keras_notes[0]["cases"] == ["conv2d-same_strides2", "pool2d-max_same"]
    assert keras_notes[0]["engines"] == ["Theano"]
    assert rows["conv2d"]["theano"]["notes"] == [keras_notes[0]["number"]]
    assert rows["pool2d"]["theano"]["notes"] == [keras_notes[0]["number"]]
    summary = {engine["id"]: engine["keras_2_3_1"] for engine in table["engines"]}
    assert summary["theano"]["cases"] == {"passed": 2, "failed": 1, "xfailed": 2, "skipped": 1}
    assert summary["cntk"] is None
    assert {cell["status"] for row in rows.values() for cell in row.values()} <= set(
        reference.KERAS_STATUSES
    )


def test_command_line_reads_differential_reports(tmp_path):
    (tmp_path / "differential-cntk.json").write_text(
        json.dumps(differential_report("cntk", {"abs-2d": make_case("abs")}))
    )
    output = tmp_path / "reference.json"
    subprocess.run(
        [
            sys.executable,
            str(REPO_ROOT / "docs" / "reference.py"),
            "--reports",
            str(tmp_path),
            "--output",
            str(output),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    table = json.loads(output.read_text())
    row = next(row for row in table["functions"] if row["name"] == "abs")
    assert row["keras_2_3_1"]["cntk"]["status"] == "matches"
