"""The theano engine's own machinery: which library it picks, the Theano 1.0.5 workarounds on
Python 3.11, and where compiled modules are cached.

Theano and PyTensor cannot share a process, so every case runs a fresh interpreter.
"""

import importlib.util
import json
import os
import sys

import pytest

from ..conftest import clean_environ, run_python

HAS = {name: importlib.util.find_spec(name) is not None for name in ("theano", "pytensor")}
LIBRARIES = [
    pytest.param(name, marks=pytest.mark.skipif(not HAS[name], reason=name + " absent"))
    for name in ("theano", "pytensor")
]
PYVER = "%d.%d" % sys.version_info[:2]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not any(HAS.values()), reason="neither theano nor pytensor"),
]

REPORT = """
import json, os, numpy as np
from kerasbridge import backend as K
import kerasbridge.engines.theano as E
from kerasbridge.engines.theano import _library as L
print(json.dumps({
    "library": E.LIBRARY,
    "value": K.eval(K.variable(np.array([1.0, 2.0])) + 1).tolist(),
    "compiledir": str(L.config.base_compiledir),
    "floatX": L.config.floatX,
    "flags": os.environ[{"theano": "THEANO_FLAGS", "pytensor": "PYTENSOR_FLAGS"}[E.LIBRARY]],
}))
"""


def _shared_cache():
    """The test command's cache folder (warm compiled modules), else none."""
    return os.environ.get("KERASBRIDGE_CACHE_DIR", "")


def _environ(home, **extra):
    environ = clean_environ(home, KERAS_BACKEND="theano", **extra)
    for name in ("KERASBRIDGE_THEANO_LIBRARY", "THEANO_FLAGS", "PYTENSOR_FLAGS"):
        if name not in extra:
            environ.pop(name, None)
    if "KERASBRIDGE_CACHE_DIR" not in extra:
        environ.pop("KERASBRIDGE_CACHE_DIR", None)
        if _shared_cache():
            environ["KERASBRIDGE_CACHE_DIR"] = _shared_cache()
    return environ


def _report(home, **extra):
    done = run_python(REPORT, _environ(home, **extra), timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("library", LIBRARIES)
def test_the_variable_chooses_the_library(home, library):
    report = _report(home, KERASBRIDGE_THEANO_LIBRARY=library)
    assert report["library"] == library
    assert report["value"] == [2.0, 3.0]


@pytest.mark.skipif(not HAS["theano"], reason="theano absent")
def test_theano_is_preferred_when_it_imports(home):
    assert _report(home)["library"] == "theano"


def test_a_bad_library_name_is_a_clear_error(home):
    done = run_python(REPORT, _environ(home, KERASBRIDGE_THEANO_LIBRARY="tensorflow"))
    assert done.returncode != 0
    message = done.stderr.strip().splitlines()[-1]
    assert "KERASBRIDGE_THEANO_LIBRARY" in message
    assert "theano, pytensor" in message and "'tensorflow'" in message


@pytest.mark.parametrize("library", LIBRARIES)
def test_compiled_modules_go_to_the_cache_folder(home, library):
    if not _shared_cache():
        pytest.skip("KERASBRIDGE_CACHE_DIR is not set (the test command sets it)")
    report = _report(home, KERASBRIDGE_THEANO_LIBRARY=library)
    expected = os.path.join(os.path.abspath(_shared_cache()), "theano-%s-%s" % (library, PYVER))
    assert report["compiledir"] == expected


@pytest.mark.skipif(not HAS["pytensor"], reason="pytensor absent")
def test_without_cache_variable_modules_go_to_the_user_cache(home, tmp_path):
    # PyTensor: its import compiles nothing, so an empty folder costs no compilation here.
    xdg = tmp_path / "xdg"
    report = _report(
        home,
        KERASBRIDGE_THEANO_LIBRARY="pytensor",
        KERASBRIDGE_CACHE_DIR="",
        XDG_CACHE_HOME=str(xdg),
    )
    assert report["compiledir"] == str(xdg / "kerasbridge" / ("theano-pytensor-" + PYVER))


@pytest.mark.parametrize("library", LIBRARIES)
def test_flags_the_user_set_are_kept(home, library):
    variable = {"theano": "THEANO_FLAGS", "pytensor": "PYTENSOR_FLAGS"}[library]
    report = _report(home, KERASBRIDGE_THEANO_LIBRARY=library, **{variable: "floatX=float64"})
    assert report["floatX"] == "float64"  # ours would be float32 (Keras's floatx)
    assert report["flags"].startswith("floatX=float64,")
    assert report["flags"].count("floatX=") == 1


@pytest.mark.skipif(not HAS["theano"], reason="theano absent")
def test_theano_workarounds_are_in_place_and_scan_runs(home):
    code = """
import sys, numpy as np
from kerasbridge import backend as K
import theano
assert sys.modules["theano.scan_module.scan_perform_ext"] is None
assert np.bool is np.bool_ and np.complex is complex
assert theano.config.blas.ldflags == ""
total = K.foldl(lambda acc, x: acc + x, K.variable(np.arange(1.0, 5.0)))
print(float(K.eval(total)))
"""
    done = run_python(code, _environ(home, KERASBRIDGE_THEANO_LIBRARY="theano"), timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "10.0"


STABLE = """
import os, numpy as np
from kerasbridge import backend as K
from kerasbridge.engines.theano import _library as L
x = K.placeholder(shape=(None, 3))
# DimShuffle (a COp) and the Alloc of a gradient: both were recompiled in every process
loss = K.sum(K.square(K.dot(x, K.transpose(K.variable(np.ones((2, 3)))))))
K.function([x], K.gradients(loss, [x]))
print(len(os.listdir(L.config.compiledir)))
"""


@pytest.mark.skipif(not HAS["theano"], reason="theano absent")
def test_theano_reuses_compiled_modules_in_a_new_process(home):
    # A private cache: the shared one grows while other sessions compile at the same time.
    environ = _environ(
        home, KERASBRIDGE_THEANO_LIBRARY="theano", KERASBRIDGE_CACHE_DIR=str(home / "compile-cache")
    )
    first = run_python(STABLE, environ, timeout=300)
    assert first.returncode == 0, first.stderr
    second = run_python(STABLE, environ, timeout=300)
    assert second.returncode == 0, second.stderr
    assert second.stdout.strip().splitlines()[-1] == first.stdout.strip().splitlines()[-1]


KERAS_SHAPE = """
import json, numpy as np
from kerasbridge import backend as K
x = K.placeholder(shape=(None, 4))
tiled = K.tile(x, 2)
gathered = K.gather(K.placeholder(shape=(None, 3, 4)), K.placeholder(shape=(5, 6), dtype="int32"))
shapes = {
    "tiled": tiled._keras_shape,
    "gathered": gathered._keras_shape,
    "constant": K.constant(np.zeros((2, 3)))._keras_shape,
    "variable": K.variable(np.zeros((4, 1)))._keras_shape,
}
summed = K.sum(x, axis=1)
summed._keras_shape = (8,)  # Keras 2.3.1 code sets it to tell later functions the shape
shapes["declared"] = K.int_shape(summed)
print(json.dumps(shapes))
"""


@pytest.mark.parametrize("library", LIBRARIES)
def test_keras_shape_attribute_as_keras_2_3_1_theano_code_reads_it(home, library):
    done = run_python(KERAS_SHAPE, _environ(home, KERASBRIDGE_THEANO_LIBRARY=library), timeout=300)
    assert done.returncode == 0, done.stderr
    shapes = json.loads(done.stdout.strip().splitlines()[-1])
    assert shapes == {
        "tiled": [None, 8],
        "gathered": [5, 6, 3, 4],
        "constant": [2, 3],
        "variable": [4, 1],
        "declared": [8],
    }
