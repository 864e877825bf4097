"""The engine conformance suite: runs unchanged on every engine and implementation.

The engine under test is the one the settings select (KERAS_BACKEND, KERAS_IMPLEMENTATION, and
for Theano KERASBRIDGE_THEANO_LIBRARY); the test command runs this folder once per engine, each
in its own process. Values are checked against NumPy references.

Known divergences live in ``divergences/<engine>.py`` as ``DIVERGENCES = {test id: reason}``;
they are applied as strict xfails, so a divergence that is fixed fails until it is removed.

With ``KERASBRIDGE_CONFORMANCE_REPORT=<folder>`` the run is also measured (see measure.py): the
spec functions each test calls and the differences of its NumPy comparisons are written to
``<folder>/conformance-<engine>.json``, from which docs/reference.py builds the engine table.
"""

import importlib
import os

import numpy as np
import pytest

from . import measure

MEASUREMENT = measure.from_environment()
if MEASUREMENT is not None:
    MEASUREMENT.patch_numpy()


@pytest.fixture(scope="session")
def K():
    from kerasbridge import backend

    if MEASUREMENT is not None:
        return MEASUREMENT.instrument(backend)
    return backend


@pytest.fixture(scope="session")
def engine_id(K):
    import kerasbridge

    implementation, backend = kerasbridge.loaded_engine()
    return backend if implementation == "keras" else "tf_keras"


def evaluate(K, x):
    """The value of a tensor or variable as a NumPy array."""
    return np.asarray(K.eval(x))


WORLDS = ["values", "placeholders"]


@pytest.fixture(params=WORLDS)
def world(request):
    """Where a computation runs: on constant values, or on placeholders through K.function."""
    return request.param


def compute(K, world, fn, *arrays, **options):
    """fn applied to arrays, as NumPy arrays (a list when fn returns a list).

    "values": the arrays become constants and the result is evaluated with K.eval.
    "placeholders": the arrays are fed to placeholders (first dimension None unless
    ``fixed_shape=True``) of a K.function.
    """
    if world == "values":
        result = fn(*[K.constant(a, dtype=_dtype_of(K, a)) for a in arrays])
        if isinstance(result, (list, tuple)):
            return [evaluate(K, r) for r in result]
        return evaluate(K, result)
    holders = [_placeholder_for(K, a, options.get("fixed_shape", False)) for a in arrays]
    result = fn(*holders)
    outputs = list(result) if isinstance(result, (list, tuple)) else [result]
    values = K.function(holders, outputs)([np.asarray(a, dtype=_dtype_of(K, a)) for a in arrays])
    values = [np.asarray(v) for v in values]
    return values if isinstance(result, (list, tuple)) else values[0]


def _dtype_of(K, array):
    array = np.asarray(array)
    return K.floatx() if array.dtype.kind == "f" else str(array.dtype)


def _placeholder_for(K, array, fixed_shape):
    array = np.asarray(array)
    shape = list(array.shape)
    if shape and not fixed_shape:
        shape[0] = None
    return K.placeholder(shape=tuple(shape), dtype=_dtype_of(K, array))


def _divergences(engine):
    try:
        module = importlib.import_module(".divergences.%s" % engine, __package__)
    except ImportError as error:
        if error.name != "%s.divergences.%s" % (__package__, engine):
            raise  # a broken divergences file must fail loudly
        return {}
    return getattr(module, "DIVERGENCES", {})


def pytest_collection_modifyitems(config, items):
    import kerasbridge

    loaded = kerasbridge.settings.current()
    engine = loaded.backend if loaded.implementation == "keras" else "tf_keras"
    known = _divergences(engine)
    for item in items:
        reason = known.get(item.nodeid.split("conformance/", 1)[-1])
        if reason:
            item.add_marker(pytest.mark.xfail(reason=reason, strict=True))


# --- measurement (only with KERASBRIDGE_CONFORMANCE_REPORT; see measure.py) ---------------------


def _in_this_suite(item):
    path = str(getattr(item, "path", None) or item.fspath)
    return os.path.dirname(os.path.abspath(path)) == measure.SUITE_FOLDER


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    measured = MEASUREMENT is not None and _in_this_suite(item)
    if measured:
        MEASUREMENT.start_test(item.nodeid)
    try:
        yield
    finally:
        if measured:
            MEASUREMENT.end_test()


def pytest_runtest_logreport(report):
    if MEASUREMENT is not None:
        MEASUREMENT.outcome(report.nodeid, report)


def pytest_sessionfinish(session, exitstatus):
    if MEASUREMENT is not None:
        MEASUREMENT.written = MEASUREMENT.write()
        MEASUREMENT.restore_numpy()


def pytest_terminal_summary(terminalreporter):
    written = getattr(MEASUREMENT, "written", None)
    if written is not None:
        terminalreporter.write_line("conformance measurements: %s" % written)
