"""A clean child process using each engine writes nothing to stderr: no engine start-up log,
no exception at interpreter exit. Each engine present on this machine is run."""

import os
import textwrap

import pytest

from kerasbridge.engines import ENGINES as ENGINES_REGISTRY

from ..conftest import REPO_ROOT, clean_environ, run_python

pytestmark = pytest.mark.slow

CNTK_PYTHON = os.path.join(REPO_ROOT, ".venv-cntk", "bin", "python")

# The theano engine runs on either library, chosen by KERASBRIDGE_THEANO_LIBRARY.
LIBRARY_CHOICES = {"theano": ("theano", "pytensor")}


def _engines():
    """One run per registry entry (per library where the engine has a choice of them)."""
    runs = {}
    for info in ENGINES_REGISTRY.values():
        environ = {"KERAS_IMPLEMENTATION": info.implementation, "KERAS_BACKEND": info.backend}
        label = info.module.rsplit(".", 1)[1]
        for library in LIBRARY_CHOICES.get(label, ()):
            runs[library] = dict(environ, KERASBRIDGE_THEANO_LIBRARY=library)
        if label not in LIBRARY_CHOICES:
            runs[label] = environ
    return runs


ENGINES = _engines()

# A placeholder, a variable, a gradient and an update through K.function, an eager value, and
# results kept alive until the interpreter exits (the exit-time case: a recorded TensorFlow
# result that dies after its engine module's globals were torn down).
WORK = textwrap.dedent(
    """
    import builtins
    import numpy as np
    from kerasbridge import backend as K

    x = K.placeholder(shape=(None, 2))
    w = K.variable(np.ones((2, 1)))
    loss = K.sum(K.dot(x, w)) + 0.5 * K.sum(K.square(w))
    gradient = K.gradients(loss, [w])[0]
    step = K.function([x], [loss], updates=[K.update_sub(w, 0.1 * gradient)])
    builtins.kept = [K.sum(w * 2), K.square(w), loss]
    print(float(step([np.ones((3, 2))])[0]), float(K.eval(K.sum(w))))
    """
)


def _python_for(engine):
    if engine != "cntk":
        return None  # this session's interpreter
    if not os.path.exists(CNTK_PYTHON):
        pytest.skip("no .venv-cntk (CPython 3.6 with CNTK): the setup builds it")
    return CNTK_PYTHON


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_a_child_process_using_the_engine_writes_nothing_to_stderr(engine, home):
    environ = clean_environ(home, KERAS_HOME=home, **ENGINES[engine])
    environ.pop("TF_CPP_MIN_LOG_LEVEL", None)
    environ.pop("KERASBRIDGE_ENGINE_LOGS", None)
    # The compile caches the test command points at (warm Theano/PyTensor caches).
    if "KERASBRIDGE_CACHE_DIR" in os.environ:
        environ["KERASBRIDGE_CACHE_DIR"] = os.environ["KERASBRIDGE_CACHE_DIR"]
    completed = run_python(WORK, environ, python=_python_for(engine), timeout=600)
    assert completed.returncode == 0, completed.stderr
    # loss = sum(x . w) + 0.5 sum(w^2) = 6 + 1 with x = ones(3, 2), w = ones(2, 1); the update
    # subtracts 0.1 * (3 + w) = 0.4 from each weight: sum(w) = 1.2.
    lines = completed.stdout.strip().splitlines()
    assert len(lines) == 1, completed.stdout  # only what WORK printed
    loss, weights = (float(value) for value in lines[0].split())
    assert loss == pytest.approx(7.0) and weights == pytest.approx(1.2)
    assert completed.stderr == ""


def test_the_switch_shows_the_engine_logs(home):
    environ = clean_environ(home, KERAS_HOME=home, KERAS_BACKEND="tensorflow")
    environ.pop("TF_CPP_MIN_LOG_LEVEL", None)
    environ["KERASBRIDGE_ENGINE_LOGS"] = "1"
    completed = run_python("from kerasbridge import backend as K", environ, timeout=600)
    assert completed.returncode == 0, completed.stderr
    assert "absl::InitializeLog()" in completed.stderr


def test_a_recorded_tensorflow_result_dying_during_module_teardown_is_silent(home):
    # At interpreter exit, CPython sets a module's globals to None before the objects they
    # held are gone; a recorded eager result dying then must not raise in its weakref callback.
    # This replays that order: the engine module's record table is unbound, then a result dies.
    code = textwrap.dedent(
        """
        import gc
        import numpy as np
        from kerasbridge import backend as K
        from kerasbridge.engines.tensorflow import _graph

        w = K.variable(np.ones((2, 1)))
        result = K.sum(w * 2)
        assert _graph.is_recorded(result)
        table = _graph._recipes
        _graph._recipes = None
        del result
        gc.collect()
        print(len(table))
        """
    )
    environ = clean_environ(home, KERAS_HOME=home, KERAS_BACKEND="tensorflow")
    completed = run_python(code, environ, timeout=600)
    assert completed.returncode == 0, completed.stderr
    assert completed.stderr == ""
