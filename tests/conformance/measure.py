"""Opt-in measurement of a conformance run, for the engine reference table (docs/reference.py).

Enabled by ``KERASBRIDGE_CONFORMANCE_REPORT=<folder>`` (scripts/test.sh sets it). For each
conformance test it records:

- the spec functions the test called through the ``K`` fixture;
- the largest absolute difference of every NumPy comparison made by the suite's own code (test
  modules and conftest) that succeeded: ``np.allclose`` / ``np.array_equal`` returning True,
  ``np.testing.assert_*`` returning without an exception. A comparison that came out False is
  either a failing test or a deliberate "these differ" check, never an error of the engine;
  comparisons made inside engines or libraries are not the suite's and are ignored;
- its outcome (passed, failed, xfailed, skipped).

At the end of the session it writes ``<folder>/conformance-<engine>.json`` (engine: tensorflow,
tf_keras, theano, pytensor or cntk) with the engine's unsupported functions and their reasons.

Nothing here changes an outcome: ``K`` is a copy of the backend namespace whose spec functions
are wrapped (same results, same exceptions, same signatures through ``__wrapped__``), and the
comparisons return what NumPy returns; a difference that cannot be computed is skipped.
Python 3.6-compatible, like the rest of the suite.
"""

import functools
import importlib
import json
import math
import os
import platform
import sys
import tempfile
import time
import types

import numpy as np

REPORT_VARIABLE = "KERASBRIDGE_CONFORMANCE_REPORT"
FORMAT = 1
SUITE_FOLDER = os.path.dirname(os.path.abspath(__file__))

# np.<name>: measured when the comparison returns True.
BOOLEAN_COMPARISONS = ("allclose", "array_equal")
# np.testing.<name>: measured when the assertion returns.
ASSERTIONS = (
    "assert_allclose",
    "assert_array_equal",
    "assert_array_almost_equal",
    "assert_almost_equal",
    "assert_equal",
)

OUTCOME_RANK = {None: 0, "passed": 1, "skipped": 2, "xfailed": 3, "failed": 4}


def from_environment(environ=os.environ):
    """A Measurement when the report variable names a folder, else None."""
    folder = environ.get(REPORT_VARIABLE, "").strip()
    return Measurement(os.path.abspath(folder)) if folder else None


class Measurement(object):
    def __init__(self, folder):
        self.folder = folder
        self.tests = {}  # nodeid -> record
        self.current = None  # the record of the running test
        self._patched = []  # (namespace, name, original)
        self.written = None  # the report path, once written

    # --- what a test does ------------------------------------------------------------------

    def start_test(self, nodeid):
        self.current = self.tests.setdefault(
            nodeid,
            {
                "outcome": None,
                "reason": None,
                "calls": set(),
                "comparisons": 0,
                "max_abs_error": None,
            },
        )

    def end_test(self):
        self.current = None

    def called(self, name):
        if self.current is not None:
            self.current["calls"].add(name)

    def compared(self, actual, desired):
        record = self.current
        if record is None or not _called_by_the_suite(depth=3):
            return
        difference = max_abs_difference(actual, desired)
        if difference is None:
            return
        record["comparisons"] += 1
        if record["max_abs_error"] is None or difference > record["max_abs_error"]:
            record["max_abs_error"] = difference

    def outcome(self, nodeid, report):
        record = self.tests.get(nodeid)
        if record is None:
            return
        if report.failed:
            found, reason = "failed", None
        elif hasattr(report, "wasxfail"):
            found, reason = "xfailed", report.wasxfail
        elif report.skipped:
            found, reason = "skipped", _skip_reason(report)
        elif report.when == "call":
            found, reason = "passed", None
        else:
            return
        if OUTCOME_RANK[found] > OUTCOME_RANK[record["outcome"]]:
            record["outcome"], record["reason"] = found, reason

    # --- instrumentation -------------------------------------------------------------------

    def instrument(self, backend):
        """A copy of the backend namespace whose spec functions record their calls."""
        from kerasbridge.api import NAMES

        copy = types.ModuleType(backend.__name__, backend.__doc__)
        copy.__dict__.update(backend.__dict__)
        for name in NAMES:
            function = backend.__dict__.get(name)
            if callable(function):
                setattr(copy, name, _recording(self, name, function))
        return copy

    def patch_numpy(self):
        for name in BOOLEAN_COMPARISONS:
            self._patch(np, name, _boolean_comparison(self, getattr(np, name)))
        for name in ASSERTIONS:
            self._patch(np.testing, name, _assertion(self, getattr(np.testing, name)))

    def restore_numpy(self):
        while self._patched:
            namespace, name, original = self._patched.pop()
            setattr(namespace, name, original)

    def _patch(self, namespace, name, replacement):
        self._patched.append((namespace, name, getattr(namespace, name)))
        setattr(namespace, name, replacement)

    # --- the report ------------------------------------------------------------------------

    def write(self):
        """Writes conformance-<engine>.json; returns its path (None when no engine ran)."""
        report = self.report()
        if report is None:
            return None
        if not os.path.isdir(self.folder):
            os.makedirs(self.folder)
        path = os.path.join(self.folder, "conformance-%s.json" % report["engine"])
        handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
        with os.fdopen(handle, "w") as stream:
            json.dump(report, stream, indent=1, sort_keys=True)
        os.chmod(temporary, 0o644)  # mkstemp makes it private; a report is for everyone
        os.replace(temporary, path)
        return path

    def report(self):
        import kerasbridge

        loaded = kerasbridge.loaded_engine()
        if loaded is None or not self.tests:
            return None
        implementation, backend = loaded
        from kerasbridge import backend as namespace
        from kerasbridge.api import NAMES
        from kerasbridge.engines import engine_info, library_names

        info = engine_info(implementation, backend)
        tests = {}
        for nodeid, record in sorted(self.tests.items()):
            entry = dict(record, calls=sorted(record["calls"]))
            tests[nodeid.split("conformance/", 1)[-1]] = entry
        return {
            "format": FORMAT,
            "engine": engine_label(implementation, backend, info),
            "implementation": implementation,
            "backend": backend,
            "libraries": _versions(library_names(info)),
            "python": platform.python_version(),
            "numpy": np.__version__,
            "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "spec": list(NAMES),
            "unsupported": {
                name: getattr(namespace, name).unsupported_reason
                for name in NAMES
                if hasattr(getattr(namespace, name, None), "unsupported_reason")
            },
            "tests": tests,
        }


def engine_label(implementation, backend, info):
    """tensorflow, tf_keras, theano, pytensor or cntk."""
    if implementation != "keras":
        return "tf_keras"
    if backend == "theano":
        return getattr(importlib.import_module(info.module), "LIBRARY", "theano")
    return backend


def max_abs_difference(actual, desired):
    """max |actual - desired| after broadcasting, equal values (NaNs and infinities included)
    counting 0; None when the values are not numeric or do not broadcast."""
    try:
        with np.errstate(all="ignore"):
            x = np.asarray(actual)
            y = np.asarray(desired)
            if x.dtype.kind not in "biufc" or y.dtype.kind not in "biufc":
                return None
            kind = np.complex128 if "c" in (x.dtype.kind, y.dtype.kind) else np.float64
            x, y = np.broadcast_arrays(x.astype(kind), y.astype(kind))
            if x.size == 0:
                return 0.0
            same = (x == y) | (np.isnan(x) & np.isnan(y))
            value = float(np.max(np.where(same, 0.0, np.abs(x - y))))
    except Exception:
        return None
    return value if math.isfinite(value) else None


def _called_by_the_suite(depth):
    """Whether the caller ``depth`` frames up is code of this folder (tests, conftest)."""
    try:
        filename = sys._getframe(depth).f_code.co_filename
    except ValueError:
        return False
    return os.path.dirname(os.path.abspath(filename)) == SUITE_FOLDER


def _recording(measurement, name, function):
    @functools.wraps(function)
    def recorded(*args, **kwargs):
        measurement.called(name)
        return function(*args, **kwargs)

    return recorded


def _boolean_comparison(measurement, original):
    @functools.wraps(original)
    def measured(a, b, *args, **kwargs):
        result = original(a, b, *args, **kwargs)
        if result:
            measurement.compared(a, b)
        return result

    return measured


def _assertion(measurement, original):
    @functools.wraps(original)
    def measured(actual, desired, *args, **kwargs):
        result = original(actual, desired, *args, **kwargs)
        measurement.compared(actual, desired)
        return result

    return measured


def _skip_reason(report):
    longrepr = getattr(report, "longrepr", None)
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2])
    return None


def _versions(names):
    found = {}
    for name in names:
        module = sys.modules.get(name)
        if module is not None:
            found[name] = str(getattr(module, "__version__", "unknown"))
    return found
