"""The engine conformance suite: runs unchanged on every engine and implementation.

The engine under test is the one the settings select (KERAS_BACKEND, KERAS_IMPLEMENTATION, and
for Theano KERASBRIDGE_THEANO_LIBRARY); the test command runs this folder once per engine, each
in its own process. Values are checked against NumPy references.

Known divergences live in ``divergences/<engine>.py`` as ``DIVERGENCES = {test id: reason}``;
they are applied as strict xfails, so a divergence that is fixed fails until it is removed.
"""

import importlib

import numpy as np
import pytest


@pytest.fixture(scope="session")
def K():
    from kerasbridge import backend

    return backend


@pytest.fixture(scope="session")
def engine_id(K):
    import kerasbridge

    implementation, backend = kerasbridge.loaded_engine()
    return backend if implementation == "keras" else "tf_keras"


def evaluate(K, x):
    """The value of a tensor or variable as a NumPy array."""
    return np.asarray(K.eval(x))


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
