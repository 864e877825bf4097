"""kerasbridge.rsupport (what the R package asks about tensors) imports no engine by itself;
its behaviour on every engine is tested from R (Rpkg/tests/testthat/test-tensor-*.R)."""

import json

from ..conftest import clean_environ, run_python

ENGINES = ["tensorflow", "tf_keras", "theano", "pytensor", "cntk", "keras"]


def test_import_rsupport_imports_no_engine(home):
    result = run_python(
        "import json, sys, kerasbridge.rsupport; "
        "print(json.dumps(sorted(set(m.split('.')[0] for m in sys.modules))))",
        clean_environ(home),
    )
    assert result.returncode == 0, result.stderr
    loaded = set(json.loads(result.stdout))
    assert loaded.isdisjoint(ENGINES), loaded & set(ENGINES)
    assert "kerasbridge" in loaded
