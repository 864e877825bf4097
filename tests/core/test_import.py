"""`import kerasbridge` is light: it imports no engine (checked in a fresh interpreter)."""

import importlib.util
import json
import os
import sys

import pytest

from kerasbridge.engines import probe_packages

from ..conftest import REPO_ROOT, clean_environ, run_python

# Every engine library in the registry, and Keras itself.
ENGINES = [name for name in probe_packages() if name != "kerasbridge"] + ["keras"]
CNTK_PYTHON = os.path.join(REPO_ROOT, ".venv-cntk", "bin", "python")

IMPORT_CORE = (
    "import json, sys, kerasbridge, kerasbridge.settings, kerasbridge.config, kerasbridge.api, "
    "kerasbridge.guard, kerasbridge._loader, kerasbridge.__main__; "
    "print(json.dumps(sorted(set(m.split('.')[0] for m in sys.modules))))"
)


def test_import_kerasbridge_imports_no_engine(home):
    result = run_python(IMPORT_CORE, clean_environ(home))
    assert result.returncode == 0, result.stderr
    loaded = set(json.loads(result.stdout))
    assert "kerasbridge" in loaded
    assert loaded.isdisjoint(ENGINES), loaded & set(ENGINES)
    assert "numpy" not in loaded  # numpy is the engines' business, not the core's


def test_import_kerasbridge_writes_no_keras_json(home):
    run_python("import kerasbridge; kerasbridge.get_settings()", clean_environ(home))
    assert not (home / ".keras").exists()


@pytest.mark.slow
def test_a_missing_engine_names_what_to_install(home):
    if not os.path.exists(CNTK_PYTHON):
        pytest.skip(
            ".venv-cntk is missing (no CPython 3.6 for the setup): it is the "
            "interpreter without TensorFlow used here"
        )
    result = run_python("import kerasbridge.backend", clean_environ(home), python=CNTK_PYTHON)
    assert result.returncode == 1
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith(
        'kerasbridge.errors.EngineNotAvailableError: The "tensorflow" '
        "engine needs tensorflow, which this interpreter, "
    )
    assert 'pip install "tensorflow==2.21.0"' in last
    assert "python -m kerasbridge envs --backend tensorflow" in last


@pytest.mark.skipif(
    sys.version_info[:2] <= (3, 6),
    reason="this interpreter can run CNTK: the check needs a Python newer than 3.6",
)
def test_cntk_in_a_newer_python_says_which_python_it_needs(home):
    result = run_python("import kerasbridge.backend", clean_environ(home, KERAS_BACKEND="cntk"))
    assert result.returncode == 1
    last = result.stderr.strip().splitlines()[-1]
    assert 'The "cntk" engine needs CPython <= 3.6' in last
    assert (
        "this interpreter is %s (Python %d.%d" % ((sys.executable,) + sys.version_info[:2]) in last
    )


@pytest.mark.slow
@pytest.mark.skipif(
    importlib.util.find_spec("tensorflow") is None,
    reason="TensorFlow is not installed in this interpreter (the CPython 3.6 "
    "environment has CNTK only)",
)
def test_a_keras_json_tensorflow_cannot_read_is_a_config_error(home):
    (home / ".keras").mkdir()
    (home / ".keras" / "keras.json").write_text('{"floatx": " Float64"}')  # fine for kerasbridge
    result = run_python("import kerasbridge.backend", clean_environ(home, TF_CPP_MIN_LOG_LEVEL=3))
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith(
        'kerasbridge.errors.ConfigError: The "tensorflow" engine could not start: TensorFlow '
        "reads %s itself" % (home / ".keras" / "keras.json")
    )
